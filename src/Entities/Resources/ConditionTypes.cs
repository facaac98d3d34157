namespace Sluice.Entities.Resources;

/// <summary>The condition types in status.conditions.</summary>
public static class ConditionTypes
{
    /// <summary>True when at least minReplicas engine replicas are ready and the spec is valid.</summary>
    public const string Ready = "Ready";

    /// <summary>True while the Deployment rolls out a change or replicas start.</summary>
    public const string Progressing = "Progressing";

    /// <summary>True when the spec cannot be served as written (reason says why); children are left as they are.</summary>
    public const string Degraded = "Degraded";

    /// <summary>True when the model is in place for the engine: downloaded and verified in the cache, or a pvc:// or dummy:// source.</summary>
    public const string ModelReady = "ModelReady";

    /// <summary>Set by the tuner: observed percentiles within the SLOs.</summary>
    public const string SloMet = "SloMet";
}
