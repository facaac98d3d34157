using Sluice.Kubernetes.Crds;

namespace Sluice.Kubernetes.Tests.Crds;

/// <summary>A sample custom resource used to test CRD generation against the real API server.</summary>
[Entity("test.sluice.dev", "v1alpha1", "Widget", ShortNames = ["wd"], Categories = ["sluice-test"])]
[StatusSubresource]
[ScaleSubresource(".spec.replicas", ".status.replicas", LabelSelectorPath = ".status.selector")]
[PrinterColumn("Replicas", ".spec.replicas", Type = "integer")]
[PrinterColumn("Age", ".metadata.creationTimestamp", Type = "date", Order = 1)]
[PrinterColumn("Model", ".spec.model", Priority = 1)]
public sealed class Widget : CustomResource<WidgetSpec, WidgetStatus>
{
    public Widget()
    {
        ApiVersion = "test.sluice.dev/v1alpha1";
        Kind = "Widget";
    }

    public static ResourceType Type { get; } = EntityResourceType.Of<Widget>();
}
