using System.Globalization;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Runtimes;

/// <summary>
/// TensorRT-LLM's OpenAI server, <c>trtllm-serve MODEL</c> with the PyTorch backend (image nvcr.io/nvidia/tensorrt-llm/release),
/// flags of tensorrt_llm/commands/serve.py: --backend pytorch, --tp_size (alias of --tensor_parallel_size), --max_batch_size (the
/// batch limit), --max_seq_len, --extra_llm_api_options (a YAML file; later releases also call it --config). Prometheus metrics
/// exist only with <c>return_perf_metrics: true</c> in that file and are served at /prometheus/metrics with the <c>trtllm_</c>
/// prefix (/metrics is a JSON list of iteration stats). 1.1 exports five of them (request success, e2e, TTFT, TPOT, queue
/// time); the running/waiting gauges, KV utilization and the token counter listed below came in later releases and are read
/// when present, otherwise the proxy's in-flight count stands in and KV usage and output tokens read 0. The options file is
/// written into /tmp by the container's shell from <see cref="OptionsEnv"/> before the server starts. Health: GET /health.
/// trtllm-serve takes the weight format from the checkpoint (ModelOpt's hf_quant_config.json) and has no flag for it, so a
/// quantization Sluice would have to trust unseen is refused.
/// </summary>
public sealed class TrtllmRuntime : IProxiedRuntime
{
    /// <summary>The environment variable holding the LLM API options YAML.</summary>
    public const string OptionsEnv = "SLUICE_TRTLLM_OPTIONS";

    /// <summary>Where the container's shell writes the options file.</summary>
    public const string OptionsPath = "/tmp/llm-api-options.yaml";

    /// <summary>Share of the memory left after the weights that the KV cache takes (kv_cache_config.free_gpu_memory_fraction, its default).</summary>
    public const double FreeGpuMemoryFraction = 0.9;

    private static readonly RuntimeFormat FromCheckpoint = RuntimeFormat.Refused(
        "trtllm-serve reads the weight format from a ModelOpt-exported checkpoint and takes no flag for it; set quantization none and point spec.model at a pre-quantized checkpoint");

    private static readonly Dictionary<string, RuntimeFormat> QuantizationTable = new(StringComparer.Ordinal)
    {
        [Quantizations.None] = RuntimeFormat.Default,
        [Quantizations.Fp8] = FromCheckpoint,
        [Quantizations.Int8] = FromCheckpoint,
        [Quantizations.Int4Awq] = FromCheckpoint,
        [Quantizations.Int4Gptq] = FromCheckpoint,
    };

    private static readonly Dictionary<string, RuntimeFormat> KvTable = new(StringComparer.Ordinal)
    {
        [KvCacheDtypes.Auto] = RuntimeFormat.Default,
        [KvCacheDtypes.Fp8] = new("fp8", "kv_cache_config.dtype fp8"),
    };

    public string Name => EngineRuntimes.Trtllm;

    public string DefaultImage => "nvcr.io/nvidia/tensorrt-llm/release:1.1.0";

    public string BatchLimitFlag => "--max_batch_size";

    public string HealthPath => "/health";

    public bool BatchLeverLive => false;

    public bool ShardsAcrossGpus => true;

    public RuntimeMemory Memory { get; } = new(0.95, 2.0);

    public RuntimeMetricNames? Metrics { get; } = new(
        "trtllm_",
        "/prometheus/metrics",
        ["trtllm_time_to_first_token_seconds"],
        ["trtllm_time_per_output_token_seconds"],
        ["trtllm_num_requests_running"],
        ["trtllm_num_requests_waiting"],
        ["trtllm_kv_cache_utilization"],
        1.0,
        ["trtllm_generation_tokens_total"]);

    public IReadOnlyList<SpecProblem> Validate(LLMDeploymentSpec spec) => RuntimeSpecChecks.Validate(spec, Name, QuantizationTable, KvTable);

    public RuntimeServer Server(RuntimeServerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var args = new List<string>
        {
            input.ModelPath,
            "--host", "127.0.0.1",
            "--port", Invariant(input.Port),
            "--backend", "pytorch",
            "--tp_size", Invariant(input.GpuCount),
            BatchLimitFlag, Invariant(input.MaxBatchSize),
            "--extra_llm_api_options", OptionsPath,
        };
        if (input.Spec.Model.MaxContextLength is { } context)
        {
            args.AddRange(["--max_seq_len", Invariant(context)]);
        }

        var options = "return_perf_metrics: true\nkv_cache_config:\n  free_gpu_memory_fraction: " + FreeGpuMemoryFraction.ToString(CultureInfo.InvariantCulture) + "\n";
        if (KvTable[input.KvCacheDtype].Flag is { Length: > 0 } kv)
        {
            options += "  dtype: " + kv + "\n";
        }

        // sh writes the options file, then replaces itself with the server; "$@" are the args above (after $0).
        var script = $"printf '%s' \"${OptionsEnv}\" > {OptionsPath} && exec trtllm-serve \"$@\"";
        var env = RuntimeEnv.With((OptionsEnv, options), ("TRTLLM_MEDIA_STORAGE_PATH", "/tmp/trtllm_generated"));
        return new RuntimeServer(["/bin/sh", "-c", script, "trtllm-serve"], args, env, ReadOnlyRootFilesystem: false);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
