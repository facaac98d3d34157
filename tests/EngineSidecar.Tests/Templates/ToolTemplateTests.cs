using Sluice.Engine.Model;
using Sluice.Engine.Model.Templates;
using Sluice.Engine.Tests.Tools;

namespace Sluice.Engine.Tests.Templates;

/// <summary>Templates that use <c>tools</c> get them, with earlier calls and tool results, as transformers passes them.</summary>
public sealed class ToolTemplateTests
{
    [Fact]
    public void The_fixture_template_renders_tools_calls_and_results()
    {
        var template = JinjaChatTemplate.FromTokenizerConfig(ToolServerFixture.TemplateDirectory())!;
        template.ToolCalls.Should().Be(ToolCallSyntax.Hermes);

        var text = template.Render(
            [
                new ChatMessage("user", "Weather in Rome?"),
                new ChatMessage("assistant", string.Empty, [new ChatToolCall("call_1", "get_weather", """{"city":"Rome"}""")]),
                new ChatMessage("tool", "21 C", ToolCallId: "call_1"),
            ],
            addGenerationPrompt: true,
            [new ChatTool("get_weather", "Current weather", """{"type":"object","properties":{"city":{"type":"string"}}}""")]);

        text.Should().StartWith("<|bos|><|system|>\nFunctions:\n<tools>\n");
        text.Should().Contain("""<tools>""" + "\n" + """{"type": "function", "function": {"name": "get_weather", "description": "Current weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}""" + "\n</tools>");
        text.Should().Contain("<|assistant|>\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Rome\"}}\n</tool_call><|eos|>\n");
        text.Should().Contain("<|tool|>\n<tool_response>\n21 C\n</tool_response><|eos|>\n");
        text.Should().EndWith("<|assistant|>\n");
    }

    [Fact]
    public void Several_calls_render_one_per_line_and_consecutive_results_share_one_tool_turn()
    {
        var template = JinjaChatTemplate.FromTokenizerConfig(ToolServerFixture.TemplateDirectory())!;

        var text = template.Render(
            [
                new ChatMessage("user", "Add 2 and 3, then 4 and 5."),
                new ChatMessage("assistant", string.Empty, [new ChatToolCall("call_1", "add", """{"a":2,"b":3}"""), new ChatToolCall("call_2", "add", """{"a":4,"b":5.5}""")]),
                new ChatMessage("tool", "5", ToolCallId: "call_1"),
                new ChatMessage("tool", "9.5", ToolCallId: "call_2"),
                new ChatMessage("user", "Thanks."),
            ],
            addGenerationPrompt: true,
            [new ChatTool("add", null, """{"type":"object","properties":{"a":{"type":"integer","minimum":0}}}""")]);

        text.Should().Contain("""{"type": "function", "function": {"name": "add", "parameters": {"type": "object", "properties": {"a": {"type": "integer", "minimum": 0}}}}}""");
        text.Should().Contain(
            "<|assistant|>\n<tool_call>\n{\"name\": \"add\", \"arguments\": {\"a\": 2, \"b\": 3}}\n</tool_call>\n"
            + "<tool_call>\n{\"name\": \"add\", \"arguments\": {\"a\": 4, \"b\": 5.5}}\n</tool_call><|eos|>\n");
        text.Should().Contain("<|tool|>\n<tool_response>\n5\n</tool_response>\n<tool_response>\n9.5\n</tool_response><|eos|>\n<|user|>\nThanks.<|eos|>\n");
    }

    [Fact]
    public void A_template_without_tools_renders_none_and_refuses_them()
    {
        var template = new JinjaChatTemplate(JinjaChatTemplate.ChatMlSource);
        template.ToolCalls.Should().BeNull();

        var act = () => template.Render([new ChatMessage("user", "hi")], true, [new ChatTool("f", null, null)]);

        act.Should().Throw<ChatTemplateException>();
    }

    [Theory]
    [InlineData("{% if tools %}{{ tools | tojson }}{% endif %}{{ messages[0]['content'] }}", true)]
    [InlineData("{{ messages[0]['content'] }} tools are text here", false)]
    public void Tool_support_is_read_from_the_template_tags(string source, bool supportsTools)
    {
        (new JinjaChatTemplate(source).ToolCalls is not null).Should().Be(supportsTools);
    }
}
