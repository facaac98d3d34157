using System.Text;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Fakes;

/// <summary>Renders <c>&lt;|role|&gt;content\n</c> per message, then <c>&lt;|assistant|&gt;</c>; refuses a conversation that ends with an assistant message.</summary>
public sealed class SimpleChatTemplate : IChatTemplate
{
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        if (messages.Count > 0 && messages[^1].Role == "assistant" && addGenerationPrompt)
        {
            throw new ChatTemplateException("the conversation must not end with an assistant message");
        }

        var text = new StringBuilder();
        foreach (var message in messages)
        {
            text.Append("<|").Append(message.Role).Append("|>").Append(message.Content).Append('\n');
        }

        if (addGenerationPrompt)
        {
            text.Append("<|assistant|>");
        }

        return text.ToString();
    }
}
