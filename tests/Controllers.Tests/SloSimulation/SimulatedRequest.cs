namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// One generation request inside a <see cref="SimulatedEngine"/>, counted in tokens the way the engine's Sequence is: the
/// context is the prompt plus the tokens generated so far; a step computes a chunk of what is not computed yet, and a step that
/// completes the context samples one more token. Times are simulation seconds.
/// </summary>
internal sealed class SimulatedRequest(long promptKey, int promptTokens, int outputTokens, double arrivalSeconds, Action<SimulatedRequest> finished)
{
    /// <summary>Identifies the prompt's text: two requests with one key share their prompt (a prefix cache hit).</summary>
    public long PromptKey { get; } = promptKey;

    public int PromptTokens { get; } = promptTokens;

    /// <summary>Tokens the request generates before it finishes (the load generator ignores end of sequence).</summary>
    public int OutputTokens { get; } = outputTokens;

    public double ArrivalSeconds { get; } = arrivalSeconds;

    public int GeneratedTokens { get; set; }

    /// <summary>Context tokens whose KV the engine holds.</summary>
    public int ComputedTokens { get; set; }

    /// <summary>The prompt plus the generated tokens.</summary>
    public int ContextTokens => PromptTokens + GeneratedTokens;

    public double? FirstTokenSeconds { get; set; }

    public double? FinishedSeconds { get; set; }

    /// <summary>Called once when the last token was generated.</summary>
    public Action<SimulatedRequest> Finished { get; } = finished;

    public double TtftSeconds => FirstTokenSeconds!.Value - ArrivalSeconds;

    /// <summary>(e2e − TTFT) / (output tokens − 1), as the engine's histogram and the load generator count it; null for one token.</summary>
    public double? TpotSeconds => OutputTokens > 1 ? (FinishedSeconds!.Value - FirstTokenSeconds!.Value) / (OutputTokens - 1) : null;
}
