using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>
/// An LLM served by replicas of the Sluice engine to declared latency SLOs. Namespaced; short name <c>llm</c>.
/// The scale subresource maps to <c>spec.scaling.minReplicas</c> (the floor the autoscaler keeps).
/// </summary>
[Entity(Group, Version, KindName, ShortNames = ["llm"], Categories = ["sluice"])]
[StatusSubresource]
[ScaleSubresource(".spec.scaling.minReplicas", ".status.replicas", LabelSelectorPath = ".status.selector")]
[PrinterColumn("Model", ".spec.model.source")]
[PrinterColumn("Quant", ".spec.quantization")]
[PrinterColumn("GPU", ".spec.gpu.type")]
[PrinterColumn("TTFT-SLO", ".spec.slo.ttft")]
[PrinterColumn("TPOT-SLO", ".spec.slo.tpot")]
[PrinterColumn("Replicas", ".status.replicas", Type = "integer")]
[PrinterColumn("Ready", ".status.readyReplicas", Type = "integer")]
[PrinterColumn("TTFT-p", ".status.observed.ttftSeconds", Type = "number")]
[PrinterColumn("TPOT-p", ".status.observed.tpotSeconds", Type = "number")]
[PrinterColumn("Age", ".metadata.creationTimestamp", Type = "date", Order = 100)]
public sealed class LLMDeployment : CustomResource<LLMDeploymentSpec, LLMDeploymentStatus>
{
    public const string Group = "sluice.dev";
    public const string Version = "v1alpha1";
    public const string KindName = "LLMDeployment";

    public LLMDeployment()
    {
        ApiVersion = $"{Group}/{Version}";
        Kind = KindName;
    }
}
