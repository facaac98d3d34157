using Sluice.Bench.Spec;

namespace Sluice.Bench.Results;

/// <summary>One run: what was asked, when, the summary and (optionally) every request.</summary>
public sealed record RunResult
{
    /// <summary>The spec the run followed (without the API key).</summary>
    public required BenchmarkSpec Spec { get; init; }

    /// <summary>Wall-clock start of the run.</summary>
    public required DateTimeOffset StartedAtUtc { get; init; }

    /// <summary>Aggregates.</summary>
    public required RunSummary Summary { get; init; }

    /// <summary>Every request in send order; null when left out of a results file.</summary>
    public IReadOnlyList<RequestRecord>? Requests { get; init; }
}
