namespace Sluice.Engine.Model;

/// <summary>Renders a conversation to the prompt text the model was trained on.</summary>
public interface IChatTemplate
{
    /// <summary>
    /// How the model writes a tool call when the template renders tools, or null when it does not (then requests with
    /// tools are refused).
    /// </summary>
    ToolCallSyntax? ToolCalls => null;

    /// <summary>
    /// Renders <paramref name="messages"/>; with <paramref name="addGenerationPrompt"/> the template's
    /// assistant header is appended. Throws <see cref="ChatTemplateException"/> for a conversation the
    /// template rejects (raise_exception) or a template feature that is not supported.
    /// </summary>
    string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt);

    /// <summary>
    /// Renders like <see cref="Render(IReadOnlyList{ChatMessage}, bool)"/> with <paramref name="tools"/> passed to the
    /// template's <c>tools</c> variable (null: none). Only templates with a non-null <see cref="ToolCalls"/> take tools.
    /// </summary>
    string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, IReadOnlyList<ChatTool>? tools) =>
        tools is null ? Render(messages, addGenerationPrompt) : throw new ChatTemplateException("this chat template does not render tools");
}
