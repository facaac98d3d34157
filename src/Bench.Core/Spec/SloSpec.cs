using System.Text.Json.Serialization;

namespace Sluice.Bench.Spec;

/// <summary>
/// Per-request latency limits for goodput: a request counts toward goodput when it succeeded and met
/// every limit that is set. No limit set means goodput is not computed.
/// </summary>
public sealed record SloSpec
{
    /// <summary>Time-to-first-token limit in seconds, or null for none.</summary>
    public double? TtftSeconds { get; init; }

    /// <summary>Time-per-output-token limit in seconds, or null for none. Requests with one output token have no TPOT and pass this limit.</summary>
    public double? TpotSeconds { get; init; }

    /// <summary>True when at least one limit is set.</summary>
    [JsonIgnore]
    public bool IsSet => TtftSeconds.HasValue || TpotSeconds.HasValue;
}
