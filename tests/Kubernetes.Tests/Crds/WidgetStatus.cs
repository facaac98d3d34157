using Sluice.Kubernetes.Crds;
using Sluice.Kubernetes.Models;

namespace Sluice.Kubernetes.Tests.Crds;

/// <summary>What the widget is.</summary>
public sealed class WidgetStatus
{
    public int Replicas { get; set; }

    public string? Selector { get; set; }

    public long? ObservedGeneration { get; set; }

    [ListMap("type")]
    public List<Condition>? Conditions { get; set; }
}
