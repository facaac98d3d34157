using Sluice.Kubernetes.Crds;

namespace Sluice.Kubernetes.Tests.Crds;

/// <summary>Latency limits of a widget.</summary>
public sealed class WidgetLimits
{
    /// <summary>Time to first token, in seconds.</summary>
    [Minimum(0, Exclusive = true)]
    public required double TtftSeconds { get; set; }

    [Minimum(1)]
    [Maximum(100)]
    public int Percentile { get; set; } = 95;
}
