namespace Sluice.Controllers.Desired;

/// <summary>
/// The model cache the fetch init container fills (values.yaml <c>modelCache</c>): a PersistentVolumeClaim per namespace
/// shared by every engine pod there (ReadWriteMany: pods on all nodes; ReadWriteOnce: pods of one node), or, when
/// disabled, an emptyDir per pod (each pod downloads for itself).
/// </summary>
public sealed class ModelCacheSettings
{
    /// <summary>False: an emptyDir per pod instead of the shared claim.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The claim the operator creates (once, never owned by one LLMDeployment) in each namespace with a downloaded model.</summary>
    public string ClaimName { get; set; } = "sluice-model-cache";

    /// <summary>The claim's storage class; null or empty means the cluster's default class.</summary>
    public string? StorageClassName { get; set; }

    /// <summary>The claim's requested size (a Kubernetes quantity).</summary>
    public string Size { get; set; } = "500Gi";

    /// <summary>ReadWriteMany (shared by the pods of all nodes) or ReadWriteOnce (the pods of one node).</summary>
    public string AccessMode { get; set; } = "ReadWriteMany";

    /// <summary>Most bytes the cached models may take; least recently used ones are evicted. 0 = the volume's size.</summary>
    public long MaxBytes { get; set; }

    /// <summary>Seconds since its last use before a cached model may be evicted (running engines may still read it).</summary>
    public int EvictMinIdleSeconds { get; set; } = 3600;

    /// <summary>Read bandwidth assumed from the cache into the engine, for the startup probe budget.</summary>
    public double AssumedLoadBytesPerSecond { get; set; } = 1e9;

    /// <summary>Seconds the startup probe allows on top of bytes / bandwidth (kernel compilation, warm-up).</summary>
    public int StartupMarginSeconds { get; set; } = 300;
}
