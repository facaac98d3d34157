using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>Latency targets at a percentile: time to first token and time per output token.</summary>
public sealed class SloSpec
{
    /// <summary>Time to first token, e.g. <c>500ms</c>.</summary>
    [Pattern(DurationText.Pattern)]
    public string? Ttft { get; set; }

    /// <summary>Time per output token after the first, e.g. <c>20ms</c>.</summary>
    [Pattern(DurationText.Pattern)]
    public string? Tpot { get; set; }

    /// <summary>The percentile both targets apply to (50–99.9).</summary>
    [Minimum(50)]
    [Maximum(99.9)]
    [Default(95)]
    public double? Percentile { get; set; }
}
