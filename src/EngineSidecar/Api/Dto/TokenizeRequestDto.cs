namespace Sluice.Engine.Api.Dto;

/// <summary>Body of <c>POST /tokenize</c> (vLLM's): a <c>prompt</c>, or chat <c>messages</c> rendered by the chat template.</summary>
public sealed class TokenizeRequestDto
{
    public string? Model { get; set; }

    public string? Prompt { get; set; }

    public List<ChatMessageDto?>? Messages { get; set; }

    /// <summary>Add the post-processor's tokens (e.g. BOS); default true for a prompt, false for messages (the template has them).</summary>
    public bool? AddSpecialTokens { get; set; }

    /// <summary>With messages: append the assistant header; default true.</summary>
    public bool? AddGenerationPrompt { get; set; }

    /// <summary>Also return each token's text.</summary>
    public bool? ReturnTokenStrs { get; set; }
}
