using System.Globalization;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Runtimes;

/// <summary>
/// SGLang's server, <c>python3 -m sglang.launch_server</c> (image lmsysorg/sglang), flags as documented for v0.5: --model-path,
/// --tp-size, --max-running-requests (the batch limit), --context-length, --quantization, --kv-cache-dtype, --enable-metrics
/// (without it SGLang exports nothing). Health: GET /health; metrics: /metrics with the <c>sglang:</c> prefix.
/// </summary>
public sealed class SglangRuntime : IProxiedRuntime
{
    private static readonly Dictionary<string, RuntimeFormat> QuantizationTable = new(StringComparer.Ordinal)
    {
        [Quantizations.None] = RuntimeFormat.Default,
        [Quantizations.Fp8] = new("fp8", "dynamic FP8 from a 16-bit checkpoint"),
        [Quantizations.Int4Awq] = new("awq_marlin", "needs an AutoAWQ checkpoint"),
        [Quantizations.Int4Gptq] = new("gptq_marlin", "needs a GPTQ checkpoint"),
        [Quantizations.Int8] = RuntimeFormat.Refused(
            "SGLang's int8 (w8a8_int8) needs a checkpoint exported with int8 weights and activations, not a weight-only mode; use fp8"),
    };

    private static readonly Dictionary<string, RuntimeFormat> KvTable = new(StringComparer.Ordinal)
    {
        [KvCacheDtypes.Auto] = RuntimeFormat.Default,
        [KvCacheDtypes.Fp8] = new("fp8_e4m3", "e4m3 KV cache"),
    };

    public string Name => EngineRuntimes.Sglang;

    public string DefaultImage => "docker.io/lmsysorg/sglang:v0.5.4";

    public string BatchLimitFlag => "--max-running-requests";

    public string HealthPath => "/health";

    public bool BatchLeverLive => false;

    public bool ShardsAcrossGpus => true;

    /// <summary>SGLang sizes its static pool (weights + KV) by --mem-fraction-static, about 0.88 of memory on large GPUs.</summary>
    public RuntimeMemory Memory { get; } = new(0.88, 1.5);

    public RuntimeMetricNames? Metrics { get; } = new(
        "sglang:",
        "/metrics",
        ["sglang:time_to_first_token_seconds"],
        // Per-request TPOT where this version has it, else the per-step gap (older releases: time_per_output_token_seconds).
        ["sglang:request_time_per_output_token_seconds", "sglang:inter_token_latency_seconds", "sglang:time_per_output_token_seconds"],
        ["sglang:num_running_reqs"],
        ["sglang:num_queue_reqs"],
        ["sglang:token_usage"],
        1.0,
        ["sglang:generation_tokens_total"]);

    public IReadOnlyList<SpecProblem> Validate(LLMDeploymentSpec spec) => RuntimeSpecChecks.Validate(spec, Name, QuantizationTable, KvTable);

    public RuntimeServer Server(RuntimeServerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var args = new List<string>
        {
            "--model-path", input.ModelPath,
            "--served-model-name", input.ServedModelName,
            "--host", "127.0.0.1",
            "--port", Invariant(input.Port),
            "--tp-size", Invariant(input.GpuCount),
            BatchLimitFlag, Invariant(input.MaxBatchSize),
            "--enable-metrics",
        };
        if (input.Spec.Model.MaxContextLength is { } context)
        {
            args.AddRange(["--context-length", Invariant(context)]);
        }

        if (QuantizationTable[input.Quantization].Flag is { Length: > 0 } quantization)
        {
            args.AddRange(["--quantization", quantization]);
        }

        if (KvTable[input.KvCacheDtype].Flag is { Length: > 0 } kv)
        {
            args.AddRange(["--kv-cache-dtype", kv]);
        }

        var env = RuntimeEnv.With(("TRITON_CACHE_DIR", "/tmp/triton"), ("OUTLINES_CACHE_DIR", "/tmp/outlines"));
        return new RuntimeServer(["python3", "-m", "sglang.launch_server"], args, env, ReadOnlyRootFilesystem: true);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
