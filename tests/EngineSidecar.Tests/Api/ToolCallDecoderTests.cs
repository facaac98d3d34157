using System.Text;
using Sluice.Engine.Api.Tools;
using Sluice.Engine.Engine;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Api;

/// <summary>Output text split into content and one tool call, the same whole or piece by piece.</summary>
public class ToolCallDecoderTests
{
    private const string Call = "<tool_call>\n{\"name\":\"get\",\"arguments\":{\"q\":\"日本 }\"}}\n</tool_call>";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void A_call_fed_in_pieces_gives_its_name_once_then_the_arguments(int pieceLength)
    {
        var decoder = new ToolCallDecoder(Plan(ToolChoiceMode.Required), "call_x");
        var arguments = new StringBuilder();
        var names = new List<string>();
        for (var i = 0; i < Call.Length; i += pieceLength)
        {
            var step = decoder.Feed(Call.Substring(i, Math.Min(pieceLength, Call.Length - i)));
            step.Content.Should().BeEmpty();
            if (step.StartedName is { } name)
            {
                names.Add(name);
            }

            if (step.Arguments.Length > 0)
            {
                names.Should().NotBeEmpty("the name comes first");
            }

            arguments.Append(step.Arguments);
        }

        arguments.Append(decoder.Finish(FinishReason.Stop).Arguments);
        names.Should().Equal("get");
        arguments.ToString().Should().Be("{\"q\":\"日本 }\"}");
        decoder.Arguments.Should().Be(arguments.ToString());
        decoder.IsCompleteCall.Should().BeTrue();
        decoder.FinishWire(FinishReason.Stop).Should().Be("tool_calls");
    }

    [Fact]
    public void Auto_text_passes_through_as_content()
    {
        var decoder = new ToolCallDecoder(Plan(ToolChoiceMode.Auto), "call_x");
        decoder.Feed("Hel").Content.Should().Be("Hel");
        decoder.Feed("lo <tool_call>").Content.Should().Be("lo <tool_call>");
        decoder.Finish(FinishReason.Stop).IsEmpty.Should().BeTrue();
        decoder.IsCall.Should().BeFalse();
        decoder.FinishWire(FinishReason.Stop).Should().Be("stop");
    }

    [Fact]
    public void A_call_cut_before_its_name_is_content_and_after_it_partial_arguments()
    {
        var early = new ToolCallDecoder(Plan(ToolChoiceMode.Required), "call_x");
        early.Feed("<tool_call>\n{\"na").IsEmpty.Should().BeTrue();
        early.Finish(FinishReason.Length).Content.Should().Be("<tool_call>\n{\"na");
        early.FinishWire(FinishReason.Length).Should().Be("length");

        var late = new ToolCallDecoder(Plan(ToolChoiceMode.Required), "call_x");
        late.Feed("<tool_call>\n{\"name\":\"get\",\"arguments\":{\"q\":\"ab");
        late.Finish(FinishReason.Length);
        late.IsCall.Should().BeTrue();
        late.IsCompleteCall.Should().BeFalse();
        late.Arguments.Should().Be("{\"q\":\"ab");
        late.FinishWire(FinishReason.Length).Should().Be("length");
    }

    private static ToolPlan Plan(ToolChoiceMode mode) =>
        new([new ChatTool("get", null, null), new ChatTool("get_all", null, null)], mode, ["get", "get_all"], ToolCallSyntax.Hermes, null);
}
