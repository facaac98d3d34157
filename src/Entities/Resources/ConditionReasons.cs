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

    /// <summary>The model fetch init container exited non-zero for a reason without its own name, or cannot start; the message carries its termination message.</summary>
    public const string ModelDownloadFailed = "ModelDownloadFailed";

    /// <summary>The model source's host cannot be reached (DNS, refused, timeouts, 5xx); the fetcher retries with backoff.</summary>
    public const string ModelSourceUnreachable = "ModelSourceUnreachable";

    /// <summary>The model source refused the credentials (401/403), or the credentials Secret or its key is missing.</summary>
    public const string ModelCredentialsRejected = "ModelCredentialsRejected";

    /// <summary>The repository, revision, tag or bucket prefix does not exist.</summary>
    public const string ModelRevisionNotFound = "ModelRevisionNotFound";

    /// <summary>The model cache cannot hold the model, even after evicting idle entries.</summary>
    public const string ModelCacheFull = "ModelCacheFull";

    /// <summary>A file failed its size, sha256/MD5 or safetensors check twice.</summary>
    public const string ModelChecksumMismatch = "ModelChecksumMismatch";

    /// <summary>The source answered something that is not a model (an untitled OCI layer, no file matching the patterns).</summary>
    public const string ModelSourceInvalid = "ModelSourceInvalid";

    /// <summary>ModelReady=False while the fetcher resolves, downloads, waits for another pod's download or verifies.</summary>
    public const string ModelDownloading = "Downloading";

    /// <summary>ModelReady=True: the model is downloaded and verified in the cache.</summary>
    public const string ModelCached = "ModelCached";

    /// <summary>ModelReady=True: a pvc:// or dummy:// source needs no download.</summary>
    public const string NoDownload = "NoDownload";

    /// <summary>ModelReady=Unknown: no engine pod has reported yet.</summary>
    public const string ModelPending = "Pending";

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
