using Sluice.Kubernetes.Models;

namespace Sluice.Kubernetes.Tests.Crds;

/// <summary>What the widget is.</summary>
public sealed class WidgetStatus
{
    public int Replicas { get; set; }

    public string? Selector { get; set; }

    public long? ObservedGeneration { get; set; }

    public List<Condition>? Conditions { get; set; }
}
