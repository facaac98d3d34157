using System.Text.Json;
using Json.Schema;
using Sluice.Engine.Grammar;

namespace Sluice.Engine.Tests.Grammar;

public class TokenConstraintTests
{
    private static readonly PieceTokenizer Tokenizer = new();
    private static readonly VocabTrie Trie = new(Tokenizer, Tokenizer.VocabSize - 1);

    public static TheoryData<int> SchemaIndexes() => [.. Enumerable.Range(0, SchemaCorpus.Schemas.Length)];

    [Theory]
    [MemberData(nameof(SchemaIndexes))]
    public void Random_walks_over_the_mask_end_in_documents_that_validate(int schemaIndex)
    {
        var schemaText = SchemaCorpus.Schemas[schemaIndex];
        var grammar = JsonSchemaCompiler.Compile(JsonDocument.Parse(schemaText).RootElement);
        var validator = JsonSchema.FromText(schemaText);
        var random = new Random(schemaIndex);
        validator.Evaluate(JsonDocument.Parse("\"a bare string\"").RootElement).IsValid.Should().BeFalse("the validator must be able to fail");
        for (var walk = 0; walk < 50; walk++)
        {
            var text = Walk(grammar, random);
            using var document = JsonDocument.Parse(text);
            validator.Evaluate(document.RootElement).IsValid.Should().BeTrue($"'{text}' must match schema {schemaIndex}");
        }
    }

    [Fact]
    public void The_mask_holds_exactly_the_tokens_the_grammar_accepts()
    {
        var grammar = JsonSchemaCompiler.Compile(JsonDocument.Parse(SchemaCorpus.Schemas[0]).RootElement);
        var constraint = new TokenConstraint(grammar, Trie, Tokenizer.EosTokenIds, Tokenizer.VocabSize);
        foreach (var id in Tokenizer.Encode("{\"name\":\"b", addSpecialTokens: false))
        {
            constraint.Advance(id).Should().BeTrue();
        }

        var state = GrammarFrame.Start(grammar, null);
        GrammarStepper.TryFeed(state, "{\"name\":\"b"u8, out state).Should().BeTrue();
        var mask = constraint.Mask().ToArray();
        for (var id = 0; id < Tokenizer.VocabSize - 1; id++)
        {
            var allowed = (mask[id >> 5] & (1u << (id & 31))) != 0;
            allowed.Should().Be(GrammarStepper.TryFeed(state, Tokenizer.TokenBytes(id), out _), $"token {id} '{Tokenizer.Decode([id], false)}'");
        }

        var eos = Tokenizer.EosTokenIds[0];
        (mask[eos >> 5] & (1u << (eos & 31))).Should().Be(0u, "the document is not complete");
    }

    [Fact]
    public void A_complete_document_allows_only_end_of_sequence()
    {
        var grammar = JsonSchemaCompiler.Compile(JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"boolean"}},"required":["a"]}""").RootElement);
        var constraint = new TokenConstraint(grammar, Trie, Tokenizer.EosTokenIds, Tokenizer.VocabSize);
        foreach (var id in Tokenizer.Encode("{\"a\":true}", addSpecialTokens: false))
        {
            constraint.Advance(id).Should().BeTrue();
        }

        var allowed = AllowedIds(constraint.Mask()).ToList();
        allowed.Should().Equal(Tokenizer.EosTokenIds);
        constraint.IsComplete.Should().BeTrue();
        constraint.Advance('x').Should().BeFalse();
    }

    [Fact]
    public void Apply_sets_forbidden_logits_to_negative_infinity()
    {
        var constraint = new TokenConstraint(JsonGrammars.AnyObject, Trie, Tokenizer.EosTokenIds, Tokenizer.VocabSize);
        var logits = Enumerable.Repeat(1f, Tokenizer.VocabSize).ToArray();
        constraint.Apply(logits);
        var kept = Enumerable.Range(0, logits.Length).Where(i => logits[i] == 1f).ToList();
        kept.Should().OnlyContain(i => Tokenizer.TokenBytes(i)![0] == (byte)'{').And.Contain('{');
        logits.Count(float.IsNegativeInfinity).Should().Be(logits.Length - kept.Count);
    }

    // Samples until EOS: uniform over the allowed tokens, but a third of the time among those that close something, so walks end.
    private static string Walk(GrammarNode grammar, Random random)
    {
        var constraint = new TokenConstraint(grammar, Trie, Tokenizer.EosTokenIds, Tokenizer.VocabSize);
        var output = new List<int>();
        for (var step = 0; step < 5000; step++)
        {
            var allowed = AllowedIds(constraint.Mask()).ToList();
            allowed.Should().NotBeEmpty();
            var closing = allowed.Where(id => id == Tokenizer.EosTokenIds[0] || Tokenizer.Decode([id], true).IndexOfAny(['"', '}', ']']) >= 0).ToList();
            var pool = closing.Count > 0 && random.NextDouble() < 0.35 ? closing : allowed;
            var token = pool[random.Next(pool.Count)];
            if (token == Tokenizer.EosTokenIds[0])
            {
                return Tokenizer.Decode(output, true);
            }

            constraint.Advance(token).Should().BeTrue();
            output.Add(token);
        }

        throw new InvalidOperationException("the walk did not end: " + Tokenizer.Decode(output, true));
    }

    private static List<int> AllowedIds(ReadOnlySpan<uint> mask)
    {
        var ids = new List<int>();
        for (var id = 0; id < Tokenizer.VocabSize; id++)
        {
            if ((mask[id >> 5] & (1u << (id & 31))) != 0)
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
