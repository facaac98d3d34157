namespace Sluice.Engine.Model;

/// <summary>Renders a conversation to the prompt text the model was trained on.</summary>
public interface IChatTemplate
{
    /// <summary>
    /// Renders <paramref name="messages"/>; with <paramref name="addGenerationPrompt"/> the template's
    /// assistant header is appended. Throws <see cref="ChatTemplateException"/> for a conversation the
    /// template rejects (raise_exception) or a template feature that is not supported.
    /// </summary>
    string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt);
}
