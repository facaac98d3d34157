namespace Sluice.Entities.Resources;

/// <summary>The reasons the operator writes on conditions and events.</summary>
public static class ConditionReasons
{
    public const string InvalidScaling = "InvalidScaling";
    public const string UnknownGpuType = "UnknownGpuType";
    public const string InvalidSpec = "InvalidSpec";
    public const string DoesNotFit = "DoesNotFit";

    /// <summary>spec.gpu.count above 1 with a runtime that does not shard a model across GPUs.</summary>
    public const string GpuCountUnsupported = "GpuCountUnsupported";

    /// <summary>An engine container exited non-zero or cannot start (config or image error); the message carries the engine's termination message.</summary>
    public const string EngineStartFailed = "EngineStartFailed";

    /// <summary>The hf:// download init container exited non-zero or cannot start; the message carries its termination message.</summary>
    public const string ModelDownloadFailed = "ModelDownloadFailed";

    /// <summary>A ready engine reports a quantization or KV cache type other than the spec's.</summary>
    public const string EngineMismatch = "EngineMismatch";
    /// <summary>spec.quantization or spec.kvCacheDtype names a format the chosen runtime cannot serve.</summary>
    public const string QuantizationUnsupported = "QuantizationUnsupported";

    /// <summary>A combination of spec fields the chosen runtime cannot serve (no GPU, a dummy:// model, …).</summary>
    public const string RuntimeUnsupported = "RuntimeUnsupported";

    /// <summary>The engine pods' metrics are missing or malformed, so the SLO loop cannot observe them.</summary>
    public const string MetricsUnavailable = "MetricsUnavailable";
    public const string ReplicasReady = "ReplicasReady";
    public const string ReplicasNotReady = "ReplicasNotReady";
    public const string RollingOut = "RollingOut";
    public const string RolloutComplete = "RolloutComplete";
    public const string SpecValid = "SpecValid";
    public const string ScaledToZero = "ScaledToZero";
}
