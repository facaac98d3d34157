namespace Sluice.Bench.Results;

/// <summary>
/// Aggregates of one run. Throughputs divide by <see cref="DurationSeconds"/> (run start to the end of
/// the last request) and count ok requests only; latency statistics use ok requests only.
/// </summary>
public sealed record RunSummary
{
    /// <summary>Requests sent.</summary>
    public required int TotalRequests { get; init; }

    /// <summary>Requests that completed.</summary>
    public required int OkRequests { get; init; }

    /// <summary>Requests that failed (<see cref="TotalRequests"/> − <see cref="OkRequests"/>).</summary>
    public required int FailedRequests { get; init; }

    /// <summary>Failed requests by <see cref="RequestRecord.ErrorKind"/> (status code or failure kind).</summary>
    public required IReadOnlyDictionary<string, int> ErrorsByKind { get; init; }

    /// <summary>Run start to the end of the last request, seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>Ok requests per second.</summary>
    public required double RequestThroughputPerSecond { get; init; }

    /// <summary>Prompt tokens of ok requests.</summary>
    public required long InputTokens { get; init; }

    /// <summary>Generated tokens of ok requests.</summary>
    public required long OutputTokens { get; init; }

    /// <summary>Generated tokens per second.</summary>
    public required double OutputTokenThroughputPerSecond { get; init; }

    /// <summary>Prompt plus generated tokens per second.</summary>
    public required double TotalTokenThroughputPerSecond { get; init; }

    /// <summary>Sum of request latencies over the duration: the mean number of requests in flight.</summary>
    public required double MeanConcurrency { get; init; }

    /// <summary>Ok requests that met every SLO limit; null when no SLO was given.</summary>
    public int? SloMetRequests { get; init; }

    /// <summary><see cref="SloMetRequests"/> per second; null when no SLO was given.</summary>
    public double? GoodputRequestsPerSecond { get; init; }

    /// <summary><see cref="SloMetRequests"/> / <see cref="TotalRequests"/>; null when no SLO was given or nothing was sent.</summary>
    public double? SloAttainment { get; init; }

    /// <summary>Time to first token.</summary>
    public required LatencyStats Ttft { get; init; }

    /// <summary>Time per output token, one sample per request with at least two output tokens.</summary>
    public required LatencyStats Tpot { get; init; }

    /// <summary>Inter-token latency, one sample per gap between token chunks.</summary>
    public required LatencyStats Itl { get; init; }

    /// <summary>End-to-end request latency.</summary>
    public required LatencyStats E2e { get; init; }
}
