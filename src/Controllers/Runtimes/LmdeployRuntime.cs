using System.Globalization;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Runtimes;

/// <summary>
/// LMDeploy's OpenAI server, <c>lmdeploy serve api_server MODEL</c> (image openmmlab/lmdeploy, TurboMind backend), flags as
/// checked against lmdeploy/cli/utils.py, cli/serve.py and serve/openai/api_server.py at tag v0.10.2: --tp, --max-batch-size (the
/// batch limit), --session-len, --model-format (awq, gptq, fp8: each needs a checkpoint of that format), --model-name,
/// --server-name/--server-port, --enable-metrics (TurboMind too). Health: GET /health; metrics: /metrics (only with
/// --enable-metrics) with the <c>lmdeploy:</c> prefix (lmdeploy/metrics/loggers.py).
/// </summary>
public sealed class LmdeployRuntime : IProxiedRuntime
{
    /// <summary>Share of the memory left after the weights that TurboMind gives the KV cache (--cache-max-entry-count, its default).</summary>
    public const double CacheMaxEntryCount = 0.8;

    private static readonly Dictionary<string, RuntimeFormat> QuantizationTable = new(StringComparer.Ordinal)
    {
        [Quantizations.None] = RuntimeFormat.Default,
        [Quantizations.Int4Awq] = new("awq", "needs an AWQ checkpoint (lmdeploy lite auto_awq or AutoAWQ)"),
        [Quantizations.Int4Gptq] = new("gptq", "needs a GPTQ checkpoint"),
        [Quantizations.Fp8] = new("fp8", "needs an FP8 checkpoint (quantization_config fp8); TurboMind does not quantize a 16-bit one"),
        [Quantizations.Int8] = RuntimeFormat.Refused("LMDeploy's int8 is W8A8 SmoothQuant (lmdeploy lite smooth_quant, PyTorch backend), not a weight-only mode; use int4-awq"),
    };

    private static readonly Dictionary<string, RuntimeFormat> KvTable = new(StringComparer.Ordinal)
    {
        [KvCacheDtypes.Auto] = RuntimeFormat.Default,
        [KvCacheDtypes.Fp8] = RuntimeFormat.Refused("LMDeploy quantizes the KV cache to int8 or int4 (--quant-policy), not fp8; use kvCacheDtype auto"),
    };

    public string Name => EngineRuntimes.Lmdeploy;

    public string DefaultImage => "docker.io/openmmlab/lmdeploy:v0.10.2-cu12";

    public string BatchLimitFlag => "--max-batch-size";

    public string HealthPath => "/health";

    public bool BatchLeverLive => false;

    public bool ShardsAcrossGpus => true;

    public RuntimeMemory Memory { get; } = new(0.95, 1.5);

    public RuntimeMetricNames? Metrics { get; } = new(
        "lmdeploy:",
        "/metrics",
        ["lmdeploy:time_to_first_token_seconds"],
        ["lmdeploy:time_per_output_token_seconds", "lmdeploy:iter_token_latency"],
        ["lmdeploy:num_requests_running"],
        ["lmdeploy:num_requests_waiting"],
        ["lmdeploy:gpu_cache_usage_perc"],
        1.0,
        ["lmdeploy:generation_tokens_total"]);

    public IReadOnlyList<SpecProblem> Validate(LLMDeploymentSpec spec) => RuntimeSpecChecks.Validate(spec, Name, QuantizationTable, KvTable);

    public RuntimeServer Server(RuntimeServerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var args = new List<string>
        {
            input.ModelPath,
            "--model-name", input.ServedModelName,
            "--server-name", "127.0.0.1",
            "--server-port", Invariant(input.Port),
            "--backend", "turbomind",
            "--tp", Invariant(input.GpuCount),
            BatchLimitFlag, Invariant(input.MaxBatchSize),
            "--cache-max-entry-count", CacheMaxEntryCount.ToString(CultureInfo.InvariantCulture),
            "--enable-metrics",
        };
        if (input.Spec.Model.MaxContextLength is { } context)
        {
            args.AddRange(["--session-len", Invariant(context)]);
        }

        if (QuantizationTable[input.Quantization].Flag is { Length: > 0 } format)
        {
            args.AddRange(["--model-format", format]);
        }

        return new RuntimeServer(["lmdeploy", "serve", "api_server"], args, RuntimeEnv.With(("TRITON_CACHE_DIR", "/tmp/triton")), ReadOnlyRootFilesystem: true);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
