using k8s.Models;
using Sluice.Kubernetes.Crds;

namespace Sluice.Kubernetes.Tests.Crds;

/// <summary>What the widget is.</summary>
public sealed class WidgetStatus
{
    public int Replicas { get; set; }

    public string? Selector { get; set; }

    public long? ObservedGeneration { get; set; }

    [ListMap("type")]
    public List<V1Condition>? Conditions { get; set; }
}
