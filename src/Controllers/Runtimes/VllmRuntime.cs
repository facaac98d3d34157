using System.Globalization;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Runtimes;

/// <summary>
/// vLLM's OpenAI server, <c>vllm serve MODEL</c> (image vllm/vllm-openai), flags of vLLM's engine arguments (v0.11): --tensor-parallel-size,
/// --max-num-seqs (the batch limit), --max-model-len, --quantization, --kv-cache-dtype, --gpu-memory-utilization. Health: GET /health;
/// metrics: /metrics with the <c>vllm:</c> prefix.
/// </summary>
public sealed class VllmRuntime : IProxiedRuntime
{
    /// <summary>Share of GPU memory vLLM is told to use (its default).</summary>
    public const double GpuMemoryUtilization = 0.9;

    private static readonly Dictionary<string, RuntimeFormat> QuantizationTable = new(StringComparer.Ordinal)
    {
        [Quantizations.None] = RuntimeFormat.Default,
        [Quantizations.Fp8] = new("fp8", "dynamic per-tensor FP8 from a 16-bit checkpoint"),
        [Quantizations.Int4Awq] = new("awq_marlin", "needs an AutoAWQ checkpoint"),
        [Quantizations.Int4Gptq] = new("gptq_marlin", "needs a GPTQ checkpoint"),
        [Quantizations.Int8] = RuntimeFormat.Refused(
            "vLLM has no int8 weight-only mode for a 16-bit checkpoint; use fp8, or serve an int8 compressed-tensors checkpoint with quantization none (vLLM reads its format)"),
    };

    private static readonly Dictionary<string, RuntimeFormat> KvTable = new(StringComparer.Ordinal)
    {
        [KvCacheDtypes.Auto] = RuntimeFormat.Default,
        [KvCacheDtypes.Fp8] = new("fp8", "e4m3 KV cache"),
    };

    public string Name => EngineRuntimes.Vllm;

    public string DefaultImage => "docker.io/vllm/vllm-openai:v0.11.0";

    public string BatchLimitFlag => "--max-num-seqs";

    public string HealthPath => "/health";

    public bool BatchLeverLive => false;

    public bool ShardsAcrossGpus => true;

    public RuntimeMemory Memory { get; } = new(GpuMemoryUtilization, 2.0);

    public RuntimeMetricNames? Metrics { get; } = new(
        "vllm:",
        "/metrics",
        ["vllm:time_to_first_token_seconds"],
        // v0.11 names the per-request TPOT request_time_per_output_token_seconds; v0.10 exported it as time_per_output_token_seconds.
        ["vllm:request_time_per_output_token_seconds", "vllm:time_per_output_token_seconds", "vllm:inter_token_latency_seconds"],
        ["vllm:num_requests_running"],
        ["vllm:num_requests_waiting"],
        ["vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"],
        1.0,
        ["vllm:generation_tokens_total"]);

    public IReadOnlyList<SpecProblem> Validate(LLMDeploymentSpec spec) => RuntimeSpecChecks.Validate(spec, Name, QuantizationTable, KvTable);

    public RuntimeServer Server(RuntimeServerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var args = new List<string>
        {
            input.ModelPath,
            "--served-model-name", input.ServedModelName,
            "--host", "127.0.0.1",
            "--port", Invariant(input.Port),
            "--tensor-parallel-size", Invariant(input.GpuCount),
            BatchLimitFlag, Invariant(input.MaxBatchSize),
            "--gpu-memory-utilization", GpuMemoryUtilization.ToString(CultureInfo.InvariantCulture),
        };
        if (input.Spec.Model.MaxContextLength is { } context)
        {
            args.AddRange(["--max-model-len", Invariant(context)]);
        }

        if (QuantizationTable[input.Quantization].Flag is { Length: > 0 } quantization)
        {
            args.AddRange(["--quantization", quantization]);
        }

        if (KvTable[input.KvCacheDtype].Flag is { Length: > 0 } kv)
        {
            args.AddRange(["--kv-cache-dtype", kv]);
        }

        var env = RuntimeEnv.With(("VLLM_CACHE_ROOT", "/tmp/vllm"), ("VLLM_NO_USAGE_STATS", "1"), ("DO_NOT_TRACK", "1"));
        return new RuntimeServer(["vllm", "serve"], args, env, ReadOnlyRootFilesystem: true);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
