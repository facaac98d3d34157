namespace Sluice.Bench.Running;

/// <summary>A snapshot of a run in progress, reported when it starts and after every finished request.</summary>
public sealed record RunProgress
{
    /// <summary>Requests sent so far.</summary>
    public required int Sent { get; init; }

    /// <summary>Requests finished (ok or failed).</summary>
    public required int Finished { get; init; }

    /// <summary>Requests that failed.</summary>
    public required int Failed { get; init; }

    /// <summary>Seconds since the run started.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>The run's request count, or null when it is duration-limited only.</summary>
    public int? TargetRequests { get; init; }

    /// <summary>The run's duration limit in seconds, or null.</summary>
    public double? DurationSeconds { get; init; }
}
