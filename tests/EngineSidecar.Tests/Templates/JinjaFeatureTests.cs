using System.Text.Json;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Templates;
using Sluice.Engine.Tests.Tokenization;

namespace Sluice.Engine.Tests.Templates;

/// <summary>Small templates covering the supported Jinja subset, compared with jinja2's output (jinja_features.json).</summary>
public class JinjaFeatureTests
{
    private static readonly Lazy<JsonElement> Recorded = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TokenizerFixtures.Directory(string.Empty), "jinja_features.json")));
        return document.RootElement.Clone();
    });

    public static TheoryData<string> Names() =>
        [.. Recorded.Value.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Renders_like_jinja2(string name)
    {
        var recorded = Recorded.Value;
        var entry = recorded.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var messages = recorded.GetProperty("messages").EnumerateArray()
            .Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))
            .ToList();
        var template = new JinjaChatTemplate(entry.GetProperty("template").GetString()!);

        if (entry.TryGetProperty("error", out var error))
        {
            var render = () => template.Render(messages, addGenerationPrompt: false);
            render.Should().Throw<ChatTemplateException>().WithMessage(error.GetString());
        }
        else
        {
            template.Render(messages, addGenerationPrompt: false).Should().Be(entry.GetProperty("output").GetString());
        }
    }

    [Theory]
    [InlineData("{% macro greet(x) %}hi{% endmacro %}", "'{% macro %}' is not supported", "line 1, column 1")]
    [InlineData("ok\n{% include 'other.jinja' %}", "'{% include %}' is not supported", "line 2, column 1")]
    [InlineData("{{ messages | wordcount }}", "filter 'wordcount' is not supported", "line 1, column 13")]
    [InlineData("{% if messages is sorted %}x{% endif %}", "test 'sorted' is not supported", "line 1, column 16")]
    [InlineData("{% for m in messages %}x", "missing '{% else / endfor %}'", "line 1")]
    [InlineData("{{ messages[0] ", "is never closed", "line 1, column 1")]
    [InlineData("{% if true %}x{% endfor %}", "unknown statement 'endfor'", "line 1, column 15")]
    [InlineData("{{ 'a' + 1 }}", "unsupported operand types for +: str and int", "line 1, column 8")]
    [InlineData("{{ nothing.attr }}", "'nothing' is undefined", "line 1")]
    [InlineData("{{ 1 +* 2 }}", "expected a value but found '*'", "line 1, column 7")]
    public void Unsupported_or_broken_templates_fail_with_a_clear_message(string source, string message, string location)
    {
        var act = () => new JinjaChatTemplate(source).Render([new ChatMessage("user", "hi")], addGenerationPrompt: true);
        act.Should().Throw<ChatTemplateException>().Which.Message.Should().Contain(message).And.Contain(location);
    }

    [Fact]
    public void Raise_exception_carries_the_template_message()
    {
        var template = new JinjaChatTemplate("{% if messages[0]['role'] != 'user' %}{{ raise_exception('First message must be from the user') }}{% endif %}ok");
        template.Render([new ChatMessage("user", "hi")], addGenerationPrompt: false).Should().Be("ok");
        var act = () => template.Render([new ChatMessage("assistant", "hi")], addGenerationPrompt: false);
        act.Should().Throw<ChatTemplateException>().WithMessage("First message must be from the user");
    }

    [Fact]
    public void Strftime_now_formats_the_given_clock()
    {
        var template = new JinjaChatTemplate("{{ strftime_now('%d %b %Y') }}", clock: () => new DateTime(2026, 7, 4, 10, 0, 0, DateTimeKind.Utc));
        template.Render([], addGenerationPrompt: false).Should().Be("04 Jul 2026");
    }

    [Fact]
    public void ChatMl_template_renders_turns_and_the_generation_prompt()
    {
        var template = new JinjaChatTemplate(JinjaChatTemplate.ChatMlSource);
        template.Render([new ChatMessage("system", "S"), new ChatMessage("user", "U")], addGenerationPrompt: true)
            .Should().Be("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n");
    }
}
