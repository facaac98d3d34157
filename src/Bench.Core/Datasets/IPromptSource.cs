namespace Sluice.Bench.Datasets;

/// <summary>A deterministic, endless sequence of prompts: the same index always gives the same prompt.</summary>
public interface IPromptSource
{
    /// <summary>The system prompt shared by every request, or null.</summary>
    string? SystemPrompt { get; }

    /// <summary>The prompt of request <paramref name="index"/> (0-based, any non-negative value).</summary>
    BenchPrompt Get(int index);
}
