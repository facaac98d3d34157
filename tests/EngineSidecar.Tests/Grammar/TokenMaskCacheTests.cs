using System.Text.Json;
using Sluice.Engine.Grammar;

namespace Sluice.Engine.Tests.Grammar;

public class TokenMaskCacheTests
{
    private static readonly PieceTokenizer Tokenizer = new();
    private static readonly VocabTrie Trie = new(Tokenizer, Tokenizer.VocabSize - 1);

    public static TheoryData<int> SchemaIndexes() => [.. Enumerable.Range(0, SchemaCorpus.Schemas.Length)];

    [Theory]
    [MemberData(nameof(SchemaIndexes))]
    public void Cached_masks_equal_computed_masks_at_every_step_of_random_walks(int schemaIndex)
    {
        var grammar = JsonSchemaCompiler.Compile(JsonDocument.Parse(SchemaCorpus.Schemas[schemaIndex]).RootElement);
        var cache = new TokenMaskCache(4096);
        var random = new Random(schemaIndex);
        for (var walk = 0; walk < 20; walk++)
        {
            var cached = new TokenConstraint(grammar, Trie, Tokenizer.EosTokenIds, Tokenizer.VocabSize, cache);
            var computed = new TokenConstraint(grammar, Trie, Tokenizer.EosTokenIds, Tokenizer.VocabSize);
            for (var step = 0; step < 200; step++)
            {
                var mask = cached.Mask().ToArray();
                mask.Should().Equal(computed.Mask().ToArray(), $"step {step} of walk {walk}");
                var allowed = Enumerable.Range(0, Tokenizer.VocabSize).Where(id => (mask[id >> 5] & (1u << (id & 31))) != 0).ToList();
                var token = allowed[random.Next(allowed.Count)];
                if (Tokenizer.EosTokenIds.Contains(token))
                {
                    break;
                }

                cached.Advance(token).Should().BeTrue();
                computed.Advance(token).Should().BeTrue();
            }
        }

        cache.Hits.Should().BeGreaterThan(0, "random walks revisit states");
    }

    [Fact]
    public void Inside_an_unbounded_string_every_character_hits_the_cache()
    {
        var grammar = JsonSchemaCompiler.Compile(JsonDocument.Parse("""{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""").RootElement);
        var cache = new TokenMaskCache(64);
        var constraint = new TokenConstraint(grammar, Trie, Tokenizer.EosTokenIds, Tokenizer.VocabSize, cache);
        foreach (var id in Tokenizer.Encode("{\"text\":\"a", addSpecialTokens: false))
        {
            constraint.Advance(id).Should().BeTrue();
        }

        constraint.Mask();
        var missesInString = cache.Misses;
        foreach (var id in Tokenizer.Encode("bcdefghij", addSpecialTokens: false))
        {
            constraint.Advance(id).Should().BeTrue();
            constraint.Mask();
        }

        cache.Misses.Should().Be(missesInString, "past its minimum length a string's state no longer changes with its length");
    }

    [Theory]
    [InlineData("""{"type":"string","minLength":3}""", "\"ab\"", false)]
    [InlineData("""{"type":"string","minLength":3}""", "\"abcdefgh\"", true)]
    [InlineData("""{"type":"string","maxLength":3}""", "\"abcd\"", false)]
    [InlineData("""{"type":"array","items":{"type":"integer"},"minItems":3}""", "[1,2]", false)]
    [InlineData("""{"type":"array","items":{"type":"integer"},"minItems":3}""", "[1,2,3,4,5,6]", true)]
    public void Length_bounds_still_hold_with_the_saturating_counts(string schema, string document, bool accepted)
    {
        var grammar = JsonSchemaCompiler.Compile(JsonDocument.Parse(schema).RootElement);
        var fed = GrammarStepper.TryFeed(GrammarFrame.Start(grammar, null), System.Text.Encoding.UTF8.GetBytes(document), out var state);
        (fed && GrammarStepper.CanEnd(state)).Should().Be(accepted);
    }

    [Fact]
    public void The_cache_never_holds_more_than_its_capacity()
    {
        var cache = new TokenMaskCache(3);
        var grammar = JsonSchemaCompiler.Compile(JsonDocument.Parse("""{"type":"array","items":{"type":"integer"},"maxItems":50}""").RootElement);
        var constraint = new TokenConstraint(grammar, Trie, Tokenizer.EosTokenIds, Tokenizer.VocabSize, cache);
        foreach (var id in Tokenizer.Encode("[1,2,3,4,5,6,7,8", addSpecialTokens: false))
        {
            constraint.Mask();
            cache.Count.Should().BeLessThanOrEqualTo(3);
            constraint.Advance(id).Should().BeTrue();
        }

        cache.Misses.Should().BeGreaterThan(3, "a bounded array's states all differ");
    }
}
