using System.Text.Json;

namespace Sluice.Engine.Api.Dto;

/// <summary>Request fields shared by completions and chat completions (snake_case on the wire).</summary>
public abstract class SamplingFieldsDto
{
    public string? Model { get; set; }

    public int? MaxTokens { get; set; }

    public float? Temperature { get; set; }

    public float? TopP { get; set; }

    public int? TopK { get; set; }

    public float? MinP { get; set; }

    public float? PresencePenalty { get; set; }

    public float? FrequencyPenalty { get; set; }

    public float? RepetitionPenalty { get; set; }

    public long? Seed { get; set; }

    /// <summary>A string, an array of strings, or null.</summary>
    public JsonElement? Stop { get; set; }

    public List<int>? StopTokenIds { get; set; }

    public bool? IgnoreEos { get; set; }

    public int? N { get; set; }

    public bool? Stream { get; set; }

    public StreamOptionsDto? StreamOptions { get; set; }

    /// <summary>An object of token id (as a string) → bias in [-100, 100].</summary>
    public JsonElement? LogitBias { get; set; }

    /// <summary>Engine extension: seconds from arrival after which the request ends (finish_reason "timeout").</summary>
    public double? Timeout { get; set; }

    /// <summary>Engine extension: seconds the request may wait in the queue before its first scheduling (429 after).</summary>
    public double? MaxQueueTime { get; set; }
}
