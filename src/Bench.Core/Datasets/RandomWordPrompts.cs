namespace Sluice.Bench.Datasets;

/// <summary>
/// Prompts of <c>inputTokens</c> random words (≈ one token each), every request different so that only
/// the shared system prompt can hit a prefix cache.
/// </summary>
public sealed class RandomWordPrompts : IPromptSource
{
    private readonly int _seed;
    private readonly int _inputTokens;
    private readonly int _outputTokens;
    private readonly int _systemPromptTokens;

    /// <summary>Creates the source; lengths must be at least 1, <paramref name="systemPromptTokens"/> is the system prompt's token estimate.</summary>
    public RandomWordPrompts(int seed, int inputTokens, int outputTokens, string? systemPrompt, int systemPromptTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputTokens, 1);
        _seed = seed;
        _inputTokens = inputTokens;
        _outputTokens = outputTokens;
        SystemPrompt = systemPrompt;
        _systemPromptTokens = systemPrompt is null ? 0 : systemPromptTokens;
    }

    /// <inheritdoc />
    public string? SystemPrompt { get; }

    /// <inheritdoc />
    public BenchPrompt Get(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var random = new Random(unchecked((_seed * 1_000_003) + index));
        var text = WordList.RandomText(random, _inputTokens);
        return new BenchPrompt(text, _inputTokens + _systemPromptTokens, _outputTokens);
    }
}
