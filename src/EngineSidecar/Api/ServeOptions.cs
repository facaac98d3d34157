namespace Sluice.Engine.Api;

/// <summary>Everything <c>sluice-engine serve</c> is configured with; defaults are the CLI defaults.</summary>
public sealed record ServeOptions
{
    /// <summary>Model directory or <c>dummy://preset</c>.</summary>
    public string Model { get; init; } = "dummy://tiny";

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; init; } = 8000;

    /// <summary>Compute backend: cpu, cuda, or auto (CUDA when a GPU is present).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>
    /// Ranks the model is sharded over (--tensor-parallel-size): 1 is the whole model on one device; more runs the CPU
    /// twin of tensor parallelism (CUDA refuses it for now). See docs/tensor-parallelism.md.
    /// </summary>
    public int TensorParallelSize { get; init; } = 1;

    /// <summary>Model id reported by the API; null uses the loaded model's name.</summary>
    public string? ServedModelName { get; init; }

    public int MaxBatchSize { get; init; } = 32;

    public int MaxBatchedTokens { get; init; } = 2048;

    /// <summary>Admitted requests per second; null = unlimited.</summary>
    public double? MaxRequestRate { get; init; }

    /// <summary>Positions per KV block.</summary>
    public int BlockSize { get; init; } = 16;

    /// <summary>KV cache budget in MiB; null sizes it automatically (see <see cref="Engine.KvCachePlan.BudgetBytes"/>).</summary>
    public int? KvCacheMemoryMb { get; init; }

    /// <summary>Share of free device memory (after a 2 GiB activation reserve) the KV cache takes when <see cref="KvCacheMemoryMb"/> is null on a GPU.</summary>
    public double KvCacheMemoryFraction { get; init; } = 0.9;

    /// <summary>Cap on the context length below the model's own; null uses the model's.</summary>
    public int? MaxModelLen { get; init; }

    /// <summary>Sequences allowed to wait for admission before new requests get 429.</summary>
    public int MaxWaiting { get; init; } = 256;

    /// <summary>Required bearer key for /v1 endpoints; null disables the check.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Bearer token for /admin endpoints; null disables them (403).</summary>
    public string? AdminToken { get; init; }

    /// <summary>
    /// File holding the /admin bearer token (a mounted Secret); when set it wins over <see cref="AdminToken"/> and is
    /// re-read when it changes, so a rotated Secret takes effect without a restart.
    /// </summary>
    public string? AdminTokenFile { get; init; }

    /// <summary>How long in-flight requests may run after SIGTERM before they are cut.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Default deadline of a generation request, from arrival (the <c>timeout</c> field overrides it); null = none.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>
    /// Default longest wait, from arrival, for a request's first scheduling (the <c>max_queue_time</c> field overrides
    /// it); a request still queued then is answered 429 with Retry-After and counted as rejected_rate. Null = none.
    /// </summary>
    public TimeSpan? MaxQueueTime { get; init; }

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public long MaxBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest <c>n</c> accepted.</summary>
    public int MaxChoices { get; init; } = 16;

    /// <summary>Largest logprobs / top_logprobs accepted.</summary>
    public int MaxLogprobs { get; init; } = 20;

    /// <summary>Most stop strings per request.</summary>
    public int MaxStopStrings { get; init; } = 16;

    /// <summary>/ready fails when the loop has work but made no progress for this long.</summary>
    public TimeSpan ReadyStallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool EnablePrefixCaching { get; init; } = true;

    /// <summary>Quantization of the decoder linear weights; auto = the checkpoint's own format (none for dummy presets).</summary>
    public Sluice.Engine.Model.Quantization.QuantizationMode Quantization { get; init; } = Sluice.Engine.Model.Quantization.QuantizationMode.Auto;

    /// <summary>How the KV cache stores keys and values (--kv-cache-dtype): the backend's type, or fp8 e4m3 with per-layer scales.</summary>
    public Sluice.Engine.Model.Quantization.KvCacheDtype KvCacheDtype { get; init; } = Sluice.Engine.Model.Quantization.KvCacheDtype.Auto;

    /// <summary>File a startup failure's reason is written to (Kubernetes termination message); null = none.</summary>
    public string? TerminationMessagePath { get; init; } = Cli.TerminationMessage.DefaultPath;

    /// <summary>Null when the options are usable; otherwise what is wrong, naming the option.</summary>
    public string? Validate()
    {
        return this switch
        {
            { Port: < 0 or > 65535 } => $"--port must be between 0 and 65535, got {Port}",
            { TensorParallelSize: < 1 } => $"--tensor-parallel-size must be at least 1, got {TensorParallelSize}",
            { MaxBatchSize: < 1 or > Engine.EngineConfig.MaxBatchSizeLimit } => $"--max-batch-size must be between 1 and {Engine.EngineConfig.MaxBatchSizeLimit}, got {MaxBatchSize}",
            { MaxBatchedTokens: < 1 or > Engine.EngineConfig.MaxBatchedTokensLimit } => $"--max-batched-tokens must be between 1 and {Engine.EngineConfig.MaxBatchedTokensLimit}, got {MaxBatchedTokens}",
            { MaxRequestRate: { } rate } when !double.IsFinite(rate) || rate <= 0 => $"--max-request-rate must be positive, got {rate}",
            { BlockSize: < 1 or > 1024 } => $"--block-size must be between 1 and 1024, got {BlockSize}",
            { KvCacheMemoryMb: < 1 } => $"--kv-cache-memory-mb must be positive, got {KvCacheMemoryMb}",
            { KvCacheMemoryFraction: <= 0 or > 1 } => $"--kv-cache-memory-fraction must be in (0, 1], got {KvCacheMemoryFraction}",
            { MaxModelLen: < 2 } => $"--max-model-len must be at least 2, got {MaxModelLen}",
            { MaxWaiting: < 0 } => $"--max-waiting must not be negative, got {MaxWaiting}",
            { MaxBodyBytes: < 1024 } => $"--max-body-bytes must be at least 1024, got {MaxBodyBytes}",
            { MaxChoices: < 1 } => $"--max-n must be at least 1, got {MaxChoices}",
            { MaxLogprobs: < 0 } => $"--max-logprobs must not be negative, got {MaxLogprobs}",
            _ when DrainTimeout < TimeSpan.Zero => $"--drain-timeout must not be negative, got {DrainTimeout}",
            _ => null,
        };
    }
}
