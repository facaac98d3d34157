namespace Sluice.Engine.Api.Dto;

/// <summary>Body of <c>POST /v1/chat/completions</c>.</summary>
public sealed class ChatCompletionRequestDto : SamplingFieldsDto
{
    public List<ChatMessageDto?>? Messages { get; set; }

    /// <summary>Newer name of max_tokens; wins when both are set.</summary>
    public int? MaxCompletionTokens { get; set; }

    public bool? Logprobs { get; set; }

    public int? TopLogprobs { get; set; }

    /// <summary>Tool definitions; tool calling is not supported and a non-empty list is refused.</summary>
    public List<System.Text.Json.JsonElement>? Tools { get; set; }
}
