namespace Sluice.Controllers.Desired;

/// <summary>Operator-wide settings the desired-state builders read (from the operator's configuration).</summary>
public sealed class EngineSettings
{
    /// <summary>Image of <c>sluice-engine</c> used when spec.engine.image is absent.</summary>
    public string Image { get; set; } = "ghcr.io/sluice-dev/sluice-engine:latest";

    /// <summary>The model cache that hf://, s3:// and oci:// models are fetched into (by <c>sluice-engine fetch</c>, from the engine image).</summary>
    public ModelCacheSettings ModelCache { get; set; } = new();

    /// <summary>Port of the OpenAI API (and /metrics) inside the engine container.</summary>
    public int ApiPort { get; set; } = 8000;

    /// <summary>Service port that serves /metrics (same container port, separate name for scrapers).</summary>
    public int MetricsPort { get; set; } = 9100;

    /// <summary>Seconds in-flight requests may finish after SIGTERM (engine --drain-timeout).</summary>
    public int DrainSeconds { get; set; } = 30;

    /// <summary>Seconds preStop waits before SIGTERM, so endpoints stop routing to the pod first.</summary>
    public int PreStopSeconds { get; set; } = 5;

    /// <summary>Cluster DNS suffix used in status.endpoint.</summary>
    public string ClusterDomain { get; set; } = "cluster.local";
}
