using System.Text.Json;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Templates;
using Sluice.Engine.Tests.Tokenization;

namespace Sluice.Engine.Tests.Templates;

/// <summary>Renderings recorded from transformers' apply_chat_template for the four families' real templates.</summary>
public class ChatTemplateGoldenTests
{
    public static readonly string[] Families = ["llama3", "qwen2", "mistral", "phi3"];

    public static TheoryData<string, int> Renderings()
    {
        var data = new TheoryData<string, int>();
        foreach (var family in Families)
        {
            var count = TokenizerFixtures.ReadJson(family, "chat.json").GetProperty("renderings").GetArrayLength();
            for (var i = 0; i < count; i++)
            {
                data.Add(family, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public void Renders_byte_identical_to_transformers(string family, int index)
    {
        var template = JinjaChatTemplate.FromTokenizerConfig(TokenizerFixtures.Directory(family));
        template.Should().NotBeNull();
        var expected = TokenizerFixtures.ReadJson(family, "chat.json").GetProperty("renderings")[index];
        var messages = expected.GetProperty("messages").EnumerateArray()
            .Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))
            .ToList();
        var addGenerationPrompt = expected.GetProperty("add_generation_prompt").GetBoolean();

        if (expected.TryGetProperty("error", out var error))
        {
            var render = () => template!.Render(messages, addGenerationPrompt);
            render.Should().Throw<ChatTemplateException>().Which.Message.Should().Contain(error.GetString());
        }
        else
        {
            template!.Render(messages, addGenerationPrompt).Should().Be(expected.GetProperty("output").GetString());
        }
    }

    [Fact]
    public void A_model_without_a_chat_template_has_none()
    {
        JinjaChatTemplate.FromTokenizerConfig(TokenizerFixtures.Directory("gpt2")).Should().BeNull();
    }

    [Fact]
    public void Chat_template_jinja_file_takes_precedence_over_tokenizer_config()
    {
        var directory = Directory.CreateTempSubdirectory("sluice-template-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "tokenizer_config.json"),
                JsonSerializer.Serialize(new { chat_template = "config", bos_token = new { content = "<B>" } }));
            File.WriteAllText(Path.Combine(directory.FullName, "chat_template.jinja"), "{{ bos_token }}file{{ messages | length }}\n");
            var template = JinjaChatTemplate.FromTokenizerConfig(directory.FullName);
            template!.Render([new ChatMessage("user", "x")], addGenerationPrompt: false).Should().Be("<B>file1");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_default_entry_of_a_template_list_is_used()
    {
        var directory = Directory.CreateTempSubdirectory("sluice-template-");
        try
        {
            var config = new
            {
                eos_token = "</s>",
                chat_template = new[] { new { name = "tool_use", template = "tools" }, new { name = "default", template = "{{ messages[0].content }}{{ eos_token }}" } },
            };
            File.WriteAllText(Path.Combine(directory.FullName, "tokenizer_config.json"), JsonSerializer.Serialize(config));
            var template = JinjaChatTemplate.FromTokenizerConfig(directory.FullName);
            template!.Render([new ChatMessage("user", "hi")], addGenerationPrompt: false).Should().Be("hi</s>");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
