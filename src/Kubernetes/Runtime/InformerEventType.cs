namespace Sluice.Kubernetes.Runtime;

/// <summary>Why an informer handler is called.</summary>
public enum InformerEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>Periodic re-delivery of a cached object that did not change.</summary>
    Resync,
}
