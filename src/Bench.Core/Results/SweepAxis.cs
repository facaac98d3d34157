namespace Sluice.Bench.Results;

/// <summary>The variable a sweep (or a plot) puts on the x axis.</summary>
public enum SweepAxis
{
    /// <summary>Closed-loop users (≈ the server's batch size when it admits them all).</summary>
    Concurrency,

    /// <summary>Open-loop request rate per second.</summary>
    RequestRate,
}
