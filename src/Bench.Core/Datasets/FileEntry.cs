namespace Sluice.Bench.Datasets;

/// <summary>One usable record of a prompt file.</summary>
/// <param name="Prompt">The user prompt.</param>
/// <param name="Reference">The reference answer, when the file has one; its length sets <c>max_tokens</c>.</param>
public sealed record FileEntry(string Prompt, string? Reference);
