namespace Sluice.Engine.Api.Dto;

/// <summary>Body of <c>POST /v1/chat/completions</c>.</summary>
public sealed class ChatCompletionRequestDto : SamplingFieldsDto
{
    public List<ChatMessageDto?>? Messages { get; set; }

    /// <summary>Newer name of max_tokens; wins when both are set.</summary>
    public int? MaxCompletionTokens { get; set; }

    public bool? Logprobs { get; set; }

    public int? TopLogprobs { get; set; }

    /// <summary><c>{"type":"text"|"json_object"|"json_schema", "json_schema":{...}}</c>; see <see cref="ResponseFormatParser"/>.</summary>
    public System.Text.Json.JsonElement? ResponseFormat { get; set; }

    /// <summary>Function tools; see <see cref="Tools.ToolsParser"/>.</summary>
    public System.Text.Json.JsonElement? Tools { get; set; }

    /// <summary><c>"none"</c>, <c>"auto"</c>, <c>"required"</c> or <c>{"type":"function","function":{"name":...}}</c>.</summary>
    public System.Text.Json.JsonElement? ToolChoice { get; set; }

    /// <summary>True or absent: several tool calls per choice may be generated; false: at most one.</summary>
    public bool? ParallelToolCalls { get; set; }

    /// <summary>Output modalities; only <c>["text"]</c> is served.</summary>
    public List<string>? Modalities { get; set; }
}
