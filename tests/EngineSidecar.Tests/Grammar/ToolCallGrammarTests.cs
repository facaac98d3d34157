using System.Text;
using System.Text.Json;
using Sluice.Engine.Api.Tools;
using Sluice.Engine.Grammar;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Grammar;

/// <summary>The single-call tool grammar (parallel_tool_calls false): one call of an offered function with arguments of its schema, or (auto) free text.</summary>
public class ToolCallGrammarTests
{
    private static readonly (string Name, GrammarNode Arguments)[] Tools =
    [
        ("get", Compile("""{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}""")),
        ("get_all", Compile("""{"type":"object","properties":{"limit":{"type":"integer"}}}""")),
    ];

    [Theory]
    [InlineData("<tool_call>\n{\"name\":\"get\",\"arguments\":{\"id\":12}}\n</tool_call>")]
    [InlineData("<tool_call>\n{\"name\":\"get_all\",\"arguments\":{}}\n</tool_call>")]
    [InlineData("<tool_call>\n{\"name\":\"get_all\",\"arguments\":{\"limit\":-3}}\n</tool_call>")]
    public void Required_accepts_whole_calls(string text)
    {
        var grammar = ToolCallGrammar.Build(ToolChoiceMode.Required, ToolCallSyntax.Hermes, Tools, maxCalls: 1)!;
        Feed(grammar, text, out var end).Should().BeTrue();
        end.Should().BeNull("nothing but end-of-sequence may follow a complete call");
    }

    [Theory]
    [InlineData("<tool_call>\n{\"name\":\"put\",\"arguments\":{}}\n</tool_call>")] // not offered
    [InlineData("<tool_call>\n{\"name\":\"get\",\"arguments\":{}}\n</tool_call>")] // id is required
    [InlineData("<tool_call>\n{\"name\":\"get\",\"arguments\":{\"id\":1.5}}\n</tool_call>")] // integer
    [InlineData("<tool_call>\n{\"name\":\"get\",\"arguments\":{\"id\":1}}</tool_call>")] // markup
    [InlineData("Sure, here it is")] // free text under required
    public void Required_refuses_anything_else(string text)
    {
        var grammar = ToolCallGrammar.Build(ToolChoiceMode.Required, ToolCallSyntax.Hermes, Tools, maxCalls: 1)!;
        Feed(grammar, text, out _).Should().BeFalse();
    }

    [Fact]
    public void Required_cannot_end_inside_a_call()
    {
        var grammar = ToolCallGrammar.Build(ToolChoiceMode.Required, ToolCallSyntax.Hermes, Tools, maxCalls: 1)!;
        Feed(grammar, "<tool_call>\n{\"name\":\"get\",\"arguments\":{\"id\":1}}", out var end).Should().BeTrue();
        GrammarStepper.CanEnd(end).Should().BeFalse();
    }

    [Theory]
    [InlineData("Hello! How can I help?", true)]
    [InlineData("x < y and <tool_call> later is just text", true)]
    [InlineData("<tool_call>\n{\"name\":\"get\",\"arguments\":{\"id\":1}}\n</tool_call>", true)]
    [InlineData("<b>bold</b>", false)] // a leading '<' commits to the call
    public void Auto_allows_free_text_or_a_call(string text, bool accepted)
    {
        var grammar = ToolCallGrammar.Build(ToolChoiceMode.Auto, ToolCallSyntax.Hermes, Tools, maxCalls: 1)!;
        var ok = Feed(grammar, text, out var end);
        ok.Should().Be(accepted);
        if (accepted)
        {
            GrammarStepper.CanEnd(end).Should().BeTrue();
        }
    }

    [Fact]
    public void Bare_json_calls_are_plain_objects()
    {
        var grammar = ToolCallGrammar.Build(ToolChoiceMode.Required, ToolCallSyntax.BareJson, Tools, maxCalls: 1)!;
        Feed(grammar, "{\"name\":\"get\",\"arguments\":{\"id\":7}}", out var end).Should().BeTrue();
        end.Should().BeNull();
    }

    [Fact]
    public void None_has_no_grammar() => ToolCallGrammar.Build(ToolChoiceMode.None, ToolCallSyntax.Hermes, Tools, maxCalls: 1).Should().BeNull();

    [Fact]
    public void Prefixes_that_start_one_another_are_refused()
    {
        var value = JsonGrammars.AnyObject;
        var act = () => new WrappedValueNode([new WrappedValue("ab"u8.ToArray(), value, "}"u8.ToArray()), new WrappedValue("abc"u8.ToArray(), value, "}"u8.ToArray())]);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void The_free_text_mask_is_the_whole_vocabulary()
    {
        var tokenizer = new PieceTokenizer();
        var trie = new VocabTrie(tokenizer, tokenizer.VocabSize - 1);
        var grammar = ToolCallGrammar.Build(ToolChoiceMode.Auto, ToolCallSyntax.Hermes, Tools, maxCalls: 1)!;
        var constraint = new TokenConstraint(grammar, trie, tokenizer.EosTokenIds, tokenizer.VocabSize);
        foreach (var id in tokenizer.Encode("Hi", addSpecialTokens: false))
        {
            constraint.Advance(id).Should().BeTrue();
        }

        var allowed = 0;
        var mask = constraint.Mask();
        for (var id = 0; id < tokenizer.VocabSize; id++)
        {
            if ((mask[id >> 5] & (1u << (id & 31))) != 0)
            {
                allowed++;
            }
        }

        var withBytes = Enumerable.Range(0, tokenizer.VocabSize - 1).Count(id => !trie.TokenBytes(id).IsEmpty);
        allowed.Should().Be(withBytes + 1, "every token with bytes, and end-of-sequence");
        constraint.IsComplete.Should().BeTrue();
    }

    private static GrammarNode Compile(string schema) => JsonSchemaCompiler.Compile(JsonDocument.Parse(schema).RootElement);

    private static bool Feed(GrammarNode grammar, string text, out GrammarFrame? end) =>
        GrammarStepper.TryFeed(GrammarFrame.Start(grammar, null), Encoding.UTF8.GetBytes(text), out end);
}
