namespace Sluice.Bench.Datasets;

/// <summary>One request's prompt.</summary>
/// <param name="Text">The user prompt (without the shared system prompt).</param>
/// <param name="ApproxInputTokens">Estimated prompt tokens including the shared system prompt; used when the server reports no usage.</param>
/// <param name="MaxOutputTokens">Sent as <c>max_tokens</c>; at least 1.</param>
public sealed record BenchPrompt(string Text, int ApproxInputTokens, int MaxOutputTokens);
