namespace Sluice.Bench.Datasets;

/// <summary>
/// Prompts from a file, in an order shuffled by the seed and repeated as often as needed. Output length
/// is the fixed one when given, else the reference answer's estimated tokens, else
/// <see cref="DefaultOutputTokens"/>.
/// </summary>
public sealed class FilePrompts : IPromptSource
{
    /// <summary>Output length for records without a reference answer when no fixed length is given.</summary>
    public const int DefaultOutputTokens = 128;

    private readonly IReadOnlyList<FileEntry> _entries;
    private readonly int[] _order;
    private readonly int? _outputTokens;
    private readonly int _systemPromptTokens;

    /// <summary>Creates the source over <paramref name="entries"/> (at least one).</summary>
    public FilePrompts(IReadOnlyList<FileEntry> entries, int seed, int? outputTokens, string? systemPrompt, int systemPromptTokens)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfZero(entries.Count);
        _entries = entries;
        _order = [.. Enumerable.Range(0, entries.Count)];
        new Random(seed).Shuffle(_order);
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
        var entry = _entries[_order[index % _order.Length]];
        var outputTokens = _outputTokens
            ?? (entry.Reference is { Length: > 0 } reference ? TokenEstimate.FromText(reference) : DefaultOutputTokens);
        return new BenchPrompt(entry.Prompt, TokenEstimate.FromText(entry.Prompt) + _systemPromptTokens, outputTokens);
    }
}
