using System.Text.Json;

namespace Sluice.Engine.Api.Dto;

/// <summary>Body of <c>POST /v1/completions</c>.</summary>
public sealed class CompletionRequestDto : SamplingFieldsDto
{
    /// <summary>A string, a one-element array of strings, or an array of token ids.</summary>
    public JsonElement? Prompt { get; set; }

    /// <summary>Number of top alternatives per token (0..cap), or null for none.</summary>
    public int? Logprobs { get; set; }

    public bool? Echo { get; set; }

    public int? BestOf { get; set; }

    public string? Suffix { get; set; }
}
