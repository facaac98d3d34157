using Sluice.Entities.Resources;
using R = Sluice.Controllers.Tests.Runtimes.MetricRole;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>
/// How the fake runtime speaks one runtime: the exposition recorded for its version (<paramref name="Fixture"/>), what each
/// of that page's metric families measures (<paramref name="Families"/>, read from the runtime's own metric definitions as
/// noted in each fixture's header), the flag its server reads the batch limit from and the path it serves its metrics on.
/// Written down here, apart from the operator's mapping (Controllers/Runtimes), so that the fake tests that mapping instead
/// of echoing it.
/// </summary>
internal sealed record RuntimeDialect(string Runtime, string Fixture, string BatchLimitFlag, string MetricsPath, IReadOnlyDictionary<string, MetricRole> Families)
{
    /// <summary>vLLM 0.11 (V1 engine): per-request TPOT, and the per-token gap under its new and its deprecated name.</summary>
    public static RuntimeDialect Vllm { get; } = new(EngineRuntimes.Vllm, "vllm-0.11.0.prom", "--max-num-seqs", "/metrics", Roles(
        ("vllm:num_requests_running", R.Running),
        ("vllm:num_requests_waiting", R.Waiting),
        ("vllm:kv_cache_usage_perc", R.KvUsage),
        ("vllm:prompt_tokens_total", R.PromptTokens),
        ("vllm:generation_tokens_total", R.GenerationTokens),
        ("vllm:request_success_total", R.Finished),
        ("vllm:time_to_first_token_seconds", R.Ttft),
        ("vllm:inter_token_latency_seconds", R.TokenGap),
        ("vllm:time_per_output_token_seconds", R.TokenGap),
        ("vllm:request_time_per_output_token_seconds", R.Tpot)));

    /// <summary>SGLang 0.5.4: no per-request TPOT; its inter-token latency counts tokens.</summary>
    public static RuntimeDialect Sglang { get; } = new(EngineRuntimes.Sglang, "sglang-0.5.4.prom", "--max-running-requests", "/metrics", Roles(
        ("sglang:num_running_reqs", R.Running),
        ("sglang:num_queue_reqs", R.Waiting),
        ("sglang:token_usage", R.KvUsage),
        ("sglang:gen_throughput", R.Throughput),
        ("sglang:prompt_tokens_total", R.PromptTokens),
        ("sglang:generation_tokens_total", R.GenerationTokens),
        ("sglang:num_requests_total", R.Finished),
        ("sglang:time_to_first_token_seconds", R.Ttft),
        ("sglang:inter_token_latency_seconds", R.TokenGap),
        ("sglang:e2e_request_latency_seconds", R.E2e)));

    /// <summary>TGI 3.3.6: no TTFT and no KV gauge; its mean time per token is inference time (prefill included) over the tokens.</summary>
    public static RuntimeDialect Tgi { get; } = new(EngineRuntimes.Tgi, "tgi-3.3.6.prom", "--max-batch-size", "/metrics", Roles(
        ("tgi_request_count", R.Received),
        ("tgi_request_success", R.Finished),
        ("tgi_queue_size", R.Waiting),
        ("tgi_batch_current_size", R.Running),
        ("tgi_batch_current_max_tokens", R.BatchTokens),
        ("tgi_request_mean_time_per_token_duration", R.MeanTimePerToken),
        ("tgi_request_generated_tokens", R.OutputTokens),
        ("tgi_request_queue_duration", R.QueueTime)));

    /// <summary>LMDeploy 0.10.2 (TurboMind, --enable-metrics).</summary>
    public static RuntimeDialect Lmdeploy { get; } = new(EngineRuntimes.Lmdeploy, "lmdeploy-0.10.2.prom", "--max-batch-size", "/metrics", Roles(
        ("lmdeploy:num_requests_running", R.Running),
        ("lmdeploy:num_requests_waiting", R.Waiting),
        ("lmdeploy:gpu_cache_usage_perc", R.KvUsage),
        ("lmdeploy:prompt_tokens_total", R.PromptTokens),
        ("lmdeploy:generation_tokens_total", R.GenerationTokens),
        ("lmdeploy:time_to_first_token_seconds", R.Ttft),
        ("lmdeploy:time_per_output_token_seconds", R.Tpot)));

    /// <summary>TensorRT-LLM 1.1.0 (return_perf_metrics): five metrics, no gauges and no token counter, on /prometheus/metrics.</summary>
    public static RuntimeDialect Trtllm { get; } = new(EngineRuntimes.Trtllm, "trtllm-1.1.0.prom", "--max_batch_size", "/prometheus/metrics", Roles(
        ("trtllm_request_success_total", R.Finished),
        ("trtllm_e2e_request_latency_seconds", R.E2e),
        ("trtllm_time_to_first_token_seconds", R.Ttft),
        ("trtllm_time_per_output_token_seconds", R.Tpot),
        ("trtllm_request_queue_time_seconds", R.QueueTime)));

    public static IReadOnlyList<RuntimeDialect> All { get; } = [Vllm, Sglang, Tgi, Lmdeploy, Trtllm];

    /// <summary>The runtime names, for theories.</summary>
    public static TheoryData<string> Names => [.. All.Select(d => d.Runtime)];

    /// <summary>True when the page carries generated tokens (a counter or a tokens-per-request histogram).</summary>
    public bool CountsTokens => Families.Values.Any(r => r is R.GenerationTokens or R.OutputTokens);

    /// <summary>What every metric name of the runtime starts with (up to its first ':' or '_').</summary>
    public string Prefix => Families.Keys.First()[..(Families.Keys.First().IndexOfAny([':', '_']) + 1)];

    public static RuntimeDialect For(string runtime) => All.Single(d => d.Runtime == runtime);

    /// <summary>The recorded exposition of this runtime's version.</summary>
    public string Recorded() => ProxyPage.Fixture(Fixture);

    public override string ToString() => Runtime;

    private static Dictionary<string, MetricRole> Roles(params (string Family, MetricRole Role)[] roles) =>
        roles.ToDictionary(r => r.Family, r => r.Role, StringComparer.Ordinal);
}
