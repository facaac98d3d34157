using k8s.Models;
using Sluice.Kubernetes.Crds;

namespace Sluice.Entities.Resources;

/// <summary>What the operator observed; written only through the status subresource.</summary>
public sealed class LLMDeploymentStatus
{
    /// <summary>The metadata.generation this status was computed from.</summary>
    public long? ObservedGeneration { get; set; }

    public int? Replicas { get; set; }

    public int? ReadyReplicas { get; set; }

    /// <summary>The replica count the SLO controller decided; the reconciler runs the Deployment at it (clamped to the scaling bounds).</summary>
    public int? DesiredReplicas { get; set; }

    /// <summary>Label selector of the engine pods in string form, for the scale subresource.</summary>
    public string? Selector { get; set; }

    /// <summary>In-cluster base URL of the OpenAI API, e.g. <c>http://name.ns.svc:8000/v1</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// Ready, Progressing and Degraded (written by the reconciler: Degraded covers spec problems, an engine that
    /// fails to start, and an engine serving another format than the spec's), and SloMet (written by the SLO controller).
    /// A map by type, so each writer's server-side apply owns only its own conditions.
    /// </summary>
    [ListMap("type")]
    public List<V1Condition>? Conditions { get; set; }

    public TuningStatus? Tuning { get; set; }

    /// <summary>Download progress of the model into the cache (hf, s3, oci sources; written by the reconciler).</summary>
    public ModelStatus? Model { get; set; }

    public ObservedStatus? Observed { get; set; }

    public LastScaleStatus? LastScale { get; set; }

    /// <summary>The quantization and KV cache type the engine reports it serves (written by the SLO controller).</summary>
    public EngineStatus? Engine { get; set; }

    /// <summary>How the runtime's levers move and whether its metrics are readable (written by the SLO controller).</summary>
    public RuntimeStatus? Runtime { get; set; }
}
