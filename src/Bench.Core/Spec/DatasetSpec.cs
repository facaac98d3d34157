namespace Sluice.Bench.Spec;

/// <summary>What each request asks for: prompt source, lengths and an optional shared system prompt.</summary>
public sealed record DatasetSpec
{
    /// <summary>Where prompts come from.</summary>
    public DatasetKind Kind { get; init; } = DatasetKind.Random;

    /// <summary>Random prompts: input length in (approximate) tokens, one common word per token. At least 1.</summary>
    public int InputTokens { get; init; } = 128;

    /// <summary>
    /// Output length sent as <c>max_tokens</c>. Random prompts always use it (at least 1); file prompts use
    /// it when set and otherwise the reference answer's approximate length.
    /// </summary>
    public int? OutputTokens { get; init; } = 128;

    /// <summary>File prompts: path of the JSON array or JSONL file.</summary>
    public string? Path { get; init; }

    /// <summary>A system prompt shared by every request (exercises prefix caching), or null.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>When positive and <see cref="SystemPrompt"/> is null: a shared system prompt of this many random words.</summary>
    public int SystemPromptTokens { get; init; }
}
