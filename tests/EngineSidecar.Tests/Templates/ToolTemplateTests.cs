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
