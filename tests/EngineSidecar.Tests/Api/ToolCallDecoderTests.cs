using Sluice.Engine.Api.Tools;
using Sluice.Engine.Engine;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Api;

/// <summary>Output text split into content and tool calls, the same whole or piece by piece.</summary>
public class ToolCallDecoderTests
{
    private const string Call = "<tool_call>\n{\"name\":\"get\",\"arguments\":{\"q\":\"日本 }\"}}\n</tool_call>";

    private const string ThreeCalls =
        "<tool_call>\n{\"name\":\"get\",\"arguments\":{\"q\":\"a\\\"}\\n</tool_call>\"}}\n</tool_call>\n"
        + "<tool_call>\n{\"name\":\"get_all\",\"arguments\":{}}\n</tool_call>\n"
        + "<tool_call>\n{\"name\":\"get\",\"arguments\":{\"q\":[{\"x\":[]}]}}\n</tool_call>";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void A_call_fed_in_pieces_gives_its_name_once_then_the_arguments(int pieceLength)
    {
        var decoder = new ToolCallDecoder(Plan(ToolChoiceMode.Required, ToolCallSyntax.Hermes));
        var deltas = FeedInPieces(decoder, Call, pieceLength);

        deltas.Where(d => d.Name is not null).Select(d => d.Name).Should().Equal("get");
        deltas.Should().OnlyContain(d => d.Index == 0);
        string.Concat(deltas.Select(d => d.Arguments)).Should().Be("{\"q\":\"日本 }\"}");
        decoder.Finish().Should().BeEmpty();
        decoder.Calls.Should().ContainSingle().Which.Arguments.Should().Be("{\"q\":\"日本 }\"}");
        decoder.Calls[0].IsComplete.Should().BeTrue();
        decoder.Calls[0].Id.Should().MatchRegex("^call_[0-9a-f]{24}$");
        decoder.FinishWire(FinishReason.Stop).Should().Be("tool_calls");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Several_calls_fed_in_pieces_come_in_order_with_distinct_ids(int pieceLength)
    {
        var decoder = new ToolCallDecoder(Plan(ToolChoiceMode.Required, ToolCallSyntax.Hermes));
        var deltas = FeedInPieces(decoder, ThreeCalls, pieceLength);

        var starts = deltas.Where(d => d.Id is not null).ToList();
        starts.Select(d => d.Index).Should().Equal(0, 1, 2);
        starts.Select(d => d.Name).Should().Equal("get", "get_all", "get");
        starts.Select(d => d.Id).Should().OnlyHaveUniqueItems().And.OnlyContain(id => id!.StartsWith("call_"));
        for (var i = 0; i < 3; i++)
        {
            var first = deltas.FindIndex(d => d.Index == i);
            deltas[first].Id.Should().NotBeNull("a call's first delta carries its id and name");
            deltas.Skip(first + 1).Where(d => d.Index == i).Should().NotContain(d => d.Id != null || d.Name != null);
            string.Concat(deltas.Where(d => d.Index == i).Select(d => d.Arguments)).Should().Be(decoder.Calls[i].Arguments);
        }

        decoder.Calls.Select(c => c.Arguments).Should().Equal("{\"q\":\"a\\\"}\\n</tool_call>\"}", "{}", "{\"q\":[{\"x\":[]}]}");
        decoder.Calls.Should().OnlyContain(c => c.IsComplete);
        decoder.Finish().Should().BeEmpty();
        decoder.FinishWire(FinishReason.Stop).Should().Be("tool_calls");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Bare_json_calls_joined_by_semicolons_split_where_each_object_ends(int pieceLength)
    {
        const string text = "{\"name\":\"get\",\"arguments\":{\"q\":\"}; {\"}}; {\"name\":\"get_all\",\"arguments\":{\"n\":{\"m\":1}}}";
        var decoder = new ToolCallDecoder(Plan(ToolChoiceMode.Auto, ToolCallSyntax.BareJson));
        var deltas = FeedInPieces(decoder, text, pieceLength);

        deltas.Where(d => d.Name is not null).Select(d => d.Name).Should().Equal("get", "get_all");
        decoder.Calls.Select(c => c.Arguments).Should().Equal("{\"q\":\"}; {\"}", "{\"n\":{\"m\":1}}");
        decoder.FinishWire(FinishReason.Stop).Should().Be("tool_calls");
    }

    [Fact]
    public void Auto_text_passes_through_as_content()
    {
        var decoder = new ToolCallDecoder(Plan(ToolChoiceMode.Auto, ToolCallSyntax.Hermes));
        decoder.Feed("Hel").Content.Should().Be("Hel");
        decoder.Feed("lo <tool_call>").Content.Should().Be("lo <tool_call>");
        decoder.Finish().Should().BeEmpty();
        decoder.Calls.Should().BeEmpty();
        decoder.FinishWire(FinishReason.Stop).Should().Be("stop");
    }

    [Fact]
    public void A_call_cut_before_its_name_is_content_and_after_it_partial_arguments()
    {
        var early = new ToolCallDecoder(Plan(ToolChoiceMode.Required, ToolCallSyntax.Hermes));
        early.Feed("<tool_call>\n{\"na").IsEmpty.Should().BeTrue();
        early.Finish().Should().Be("<tool_call>\n{\"na");
        early.Calls.Should().BeEmpty();
        early.FinishWire(FinishReason.Length).Should().Be("length");

        var late = new ToolCallDecoder(Plan(ToolChoiceMode.Required, ToolCallSyntax.Hermes));
        late.Feed("<tool_call>\n{\"name\":\"get\",\"arguments\":{\"q\":\"ab");
        late.Finish().Should().BeEmpty();
        late.Calls.Should().ContainSingle().Which.IsComplete.Should().BeFalse();
        late.Calls[0].Arguments.Should().Be("{\"q\":\"ab");
        late.FinishWire(FinishReason.Length).Should().Be("length");
    }

    [Fact]
    public void A_second_call_cut_keeps_the_first_and_returns_the_rest_as_it_is()
    {
        var inHeader = new ToolCallDecoder(Plan(ToolChoiceMode.Required, ToolCallSyntax.Hermes));
        inHeader.Feed(Call + "\n<tool_call>\n{\"name\":\"ge");
        inHeader.Calls.Should().ContainSingle().Which.IsComplete.Should().BeTrue();
        inHeader.Finish().Should().Be("\n<tool_call>\n{\"name\":\"ge", "a header without its name is returned as content");
        inHeader.FinishWire(FinishReason.Length).Should().Be("length");

        var inArguments = new ToolCallDecoder(Plan(ToolChoiceMode.Required, ToolCallSyntax.Hermes));
        inArguments.Feed(Call + "\n<tool_call>\n{\"name\":\"get_all\",\"arguments\":{\"n\":");
        inArguments.Finish().Should().BeEmpty();
        inArguments.Calls.Select(c => (c.Name, c.IsComplete)).Should().Equal(("get", true), ("get_all", false));
        inArguments.Calls[1].Arguments.Should().Be("{\"n\":");
        inArguments.FinishWire(FinishReason.Length).Should().Be("length");

        var inMarkup = new ToolCallDecoder(Plan(ToolChoiceMode.Required, ToolCallSyntax.Hermes));
        inMarkup.Feed(Call + "\n<tool_call>\n{\"name\":\"get_all\",\"arguments\":{}}\n</tool");
        inMarkup.Finish().Should().BeEmpty();
        inMarkup.Calls[1].Arguments.Should().Be("{}", "the closing markup is never part of the arguments");
        inMarkup.Calls[1].IsComplete.Should().BeFalse();
        inMarkup.FinishWire(FinishReason.Stop).Should().Be("stop", "a stop string cut the call short");
    }

    private static List<ToolCallDelta> FeedInPieces(ToolCallDecoder decoder, string text, int pieceLength)
    {
        var deltas = new List<ToolCallDelta>();
        for (var i = 0; i < text.Length; i += pieceLength)
        {
            var step = decoder.Feed(text.Substring(i, Math.Min(pieceLength, text.Length - i)));
            step.Content.Should().BeEmpty();
            step.Calls.Select(c => c.Index).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
            deltas.AddRange(step.Calls);
        }

        return deltas;
    }

    private static ToolPlan Plan(ToolChoiceMode mode, ToolCallSyntax syntax) =>
        new([new ChatTool("get", null, null), new ChatTool("get_all", null, null)], mode, ["get", "get_all"], syntax, null);
}
