using System.Globalization;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Runtimes;

/// <summary>
/// Hugging Face Text Generation Inference, <c>text-generation-launcher</c> (image ghcr.io/huggingface/text-generation-inference),
/// flags checked against launcher/src/main.rs at tag v3.3.6: --model-id, --num-shard, --max-batch-size (the batch limit, honoured
/// by the v3 batcher), --max-total-tokens and --max-input-tokens (from the context length), --quantize, --kv-cache-dtype
/// (fp8_e4m3fn, fp8_e5m2), --hostname, --port. Health: GET /health; metrics: GET /metrics on the main port with the <c>tgi_</c>
/// prefix (router/src/server.rs); the router also listens on --prometheus-port (default 9000) on the same address. TGI exports no time-to-first-token histogram: TTFT comes from the admission proxy, which times the first
/// streamed chunk (streamed requests only). Its per-request time per token (tgi_request_mean_time_per_token_duration) includes
/// the prefill, so it reads a little high for short outputs.
/// </summary>
public sealed class TgiRuntime : IProxiedRuntime
{
    private static readonly Dictionary<string, RuntimeFormat> QuantizationTable = new(StringComparer.Ordinal)
    {
        [Quantizations.None] = RuntimeFormat.Default,
        [Quantizations.Fp8] = new("fp8", "FP8 weights from a 16-bit checkpoint"),
        [Quantizations.Int8] = new("eetq", "EETQ int8 weight-only (per output channel) from a 16-bit checkpoint"),
        [Quantizations.Int4Awq] = new("awq", "needs an AutoAWQ checkpoint"),
        [Quantizations.Int4Gptq] = new("gptq", "needs a GPTQ checkpoint"),
    };

    private static readonly Dictionary<string, RuntimeFormat> KvTable = new(StringComparer.Ordinal)
    {
        [KvCacheDtypes.Auto] = RuntimeFormat.Default,
        [KvCacheDtypes.Fp8] = new("fp8_e4m3fn", "e4m3 KV cache"),
    };

    public string Name => EngineRuntimes.Tgi;

    public string DefaultImage => "ghcr.io/huggingface/text-generation-inference:3.3.6";

    public string BatchLimitFlag => "--max-batch-size";

    public string HealthPath => "/health";

    public bool BatchLeverLive => false;

    public bool ShardsAcrossGpus => true;

    public RuntimeMemory Memory { get; } = new(0.9, 1.5);

    public RuntimeMetricNames? Metrics { get; } = new(
        "tgi_",
        "/metrics",
        [],
        ["tgi_request_mean_time_per_token_duration"],
        ["tgi_batch_current_size"],
        ["tgi_queue_size"],
        [],
        1.0,
        ["tgi_request_generated_tokens_sum"]);

    public IReadOnlyList<SpecProblem> Validate(LLMDeploymentSpec spec) => RuntimeSpecChecks.Validate(spec, Name, QuantizationTable, KvTable);

    public RuntimeServer Server(RuntimeServerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var args = new List<string>
        {
            "--model-id", input.ModelPath,
            "--hostname", "127.0.0.1",
            "--port", Invariant(input.Port),
            "--num-shard", Invariant(input.GpuCount),
            BatchLimitFlag, Invariant(input.MaxBatchSize),
        };
        if (input.Spec.Model.MaxContextLength is { } context)
        {
            args.AddRange(["--max-total-tokens", Invariant(context), "--max-input-tokens", Invariant(context - 1)]);
        }

        if (QuantizationTable[input.Quantization].Flag is { Length: > 0 } quantization)
        {
            args.AddRange(["--quantize", quantization]);
        }

        if (KvTable[input.KvCacheDtype].Flag is { Length: > 0 } kv)
        {
            args.AddRange(["--kv-cache-dtype", kv]);
        }

        var env = RuntimeEnv.With(("HUGGINGFACE_HUB_CACHE", "/tmp/hf/hub"), ("HF_HUB_ENABLE_HF_TRANSFER", "0"));
        return new RuntimeServer(["text-generation-launcher"], args, env, ReadOnlyRootFilesystem: true);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
