namespace Sluice.Bench.Results;

/// <summary>A per-request latency that percentiles can be taken of.</summary>
public enum LatencyMetric
{
    /// <summary>Time to first token, one sample per ok request.</summary>
    Ttft,

    /// <summary>Time per output token, one sample per ok request with at least two output tokens.</summary>
    Tpot,

    /// <summary>Inter-token latency, one sample per gap between token chunks.</summary>
    Itl,

    /// <summary>End-to-end latency, one sample per ok request.</summary>
    E2e,
}
