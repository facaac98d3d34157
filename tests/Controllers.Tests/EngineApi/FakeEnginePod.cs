using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace Sluice.Controllers.Tests.EngineApi;

/// <summary>
/// An engine-shaped HTTP server on loopback Kestrel whose /metrics reflect counters the test sets, whose
/// /admin/config records what the operator pushed, and whose streaming /v1/completions answers with
/// max_tokens chunks, each <see cref="TokenMillisecondsPerSequence"/> × MaxBatchSize apart (TPOT grows with batch).
/// </summary>
internal sealed class FakeEnginePod : IAsyncDisposable
{
    public const string Token = "admin-token";
    private readonly WebApplication _app;

    private FakeEnginePod(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public int MaxBatchSize { get; set; } = 8;

    public double? MaxRequestRate { get; set; }

    public int AdminPuts { get; private set; }

    /// <summary>The SLO limits last pushed through /admin/config (exported as sluice_config_slo_*), or null.</summary>
    public (double TtftSeconds, double TpotSeconds)? SloLimits { get; set; }

    /// <summary>Batch sizes pushed through /admin/config, in order.</summary>
    public List<int> PushedBatchSizes { get; } = [];

    /// <summary>Gap between two streamed tokens per running sequence of the configured batch.</summary>
    public double TokenMillisecondsPerSequence { get; set; } = 2;

    /// <summary>Cumulative finished requests; each has TTFT <see cref="TtftSeconds"/> and TPOT <see cref="TpotSeconds"/>.</summary>
    public double Finished { get; set; }

    public double Rejected { get; set; }

    public double TtftSeconds { get; set; } = 0.2;

    public double TpotSeconds { get; set; } = 0.01;

    public double Waiting { get; set; }

    /// <summary>The labels of the sluice_model_info gauge; null leaves it out, as an older engine would.</summary>
    public Sluice.Controllers.Metrics.EngineModelInfo? ModelInfo { get; set; }

    /// <summary>The sluice_kv_cache_capacity_tokens gauge; null leaves it out, as an older engine would.</summary>
    public double? KvCacheCapacityTokens { get; set; }

    private double _ttftBelow;
    private double _ttftAbove;
    private double _tpotBelow;
    private double _tpotAbove;
    private double _counted;

    public static async Task<FakeEnginePod> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var pod = new FakeEnginePod(app);
        app.MapGet("/metrics", () => Results.Text(pod.Exposition()));
        app.MapGet("/admin/config", (HttpRequest r) => r.Headers.Authorization != $"Bearer {Token}"
            ? Results.StatusCode(401)
            : Results.Json(new { maxBatchSize = pod.MaxBatchSize, maxRequestRate = pod.MaxRequestRate, maxBatchedTokens = 2048 }));
        app.MapPut("/admin/config", async (HttpRequest r) =>
        {
            if (r.Headers.Authorization != $"Bearer {Token}")
            {
                return Results.StatusCode(401);
            }

            using var doc = await JsonDocument.ParseAsync(r.Body);
            pod.MaxBatchSize = doc.RootElement.GetProperty("maxBatchSize").GetInt32();
            pod.PushedBatchSizes.Add(pod.MaxBatchSize);
            var rate = doc.RootElement.GetProperty("maxRequestRate");
            pod.MaxRequestRate = rate.ValueKind == JsonValueKind.Null ? null : rate.GetDouble();
            if (doc.RootElement.TryGetProperty("sloTtftSeconds", out var ttft) && doc.RootElement.TryGetProperty("sloTpotSeconds", out var tpot))
            {
                pod.SloLimits = (LimitOrZero(ttft), LimitOrZero(tpot));
            }

            pod.AdminPuts++;
            return Results.Json(new { maxBatchSize = pod.MaxBatchSize, maxRequestRate = pod.MaxRequestRate, maxBatchedTokens = 2048 });
        });
        app.MapPost("/v1/completions", async (HttpContext context) =>
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body);
            var maxTokens = doc.RootElement.TryGetProperty("max_tokens", out var m) ? m.GetInt32() : 16;
            context.Response.ContentType = "text/event-stream";
            for (var i = 0; i < maxTokens; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(pod.TokenMillisecondsPerSequence * pod.MaxBatchSize));
                await context.Response.WriteAsync("data: {\"choices\":[{\"index\":0,\"text\":\"x\"}]}\n\n");
                await context.Response.Body.FlushAsync();
            }

            await context.Response.WriteAsync($"data: {{\"choices\":[],\"usage\":{{\"prompt_tokens\":8,\"completion_tokens\":{maxTokens}}}}}\n\ndata: [DONE]\n\n");
        });
        await app.StartAsync();
        var address = ((IServer)app.Services.GetService(typeof(IServer))!).Features.Get<IServerAddressesFeature>()!.Addresses.First();
        pod.BaseUrl = new Uri(address + "/");
        return pod;
    }

    private string Exposition()
    {
        // Attribute the requests finished since the last page to the current latencies.
        var fresh = Finished - _counted;
        _counted = Finished;
        if (TtftSeconds <= 0.5) { _ttftBelow += fresh; } else { _ttftAbove += fresh; }
        if (TpotSeconds <= 0.02) { _tpotBelow += fresh; } else { _tpotAbove += fresh; }
        var sb = new StringBuilder();
        void Histogram(string name, double below, double above, double split)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"{split}\"}} {below}\n{name}_bucket{{le=\"{split * 4}\"}} {below + above}\n");
            sb.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"+Inf\"}} {below + above}\n{name}_count {below + above}\n");
        }

        Histogram("sluice_time_to_first_token_seconds", _ttftBelow, _ttftAbove, 0.5);
        Histogram("sluice_time_per_output_token_seconds", _tpotBelow, _tpotAbove, 0.02);
        sb.Append(CultureInfo.InvariantCulture, $"sluice_requests_total{{outcome=\"finished\"}} {Finished}\nsluice_requests_total{{outcome=\"rejected_rate\"}} {Rejected}\n");
        sb.Append(CultureInfo.InvariantCulture, $"sluice_requests_waiting {Waiting}\nsluice_requests_running 1\nsluice_generation_tokens_total {Finished * 10}\n");
        sb.Append(CultureInfo.InvariantCulture, $"sluice_config_max_batch_size {MaxBatchSize}\nsluice_config_max_request_rate {MaxRequestRate ?? 0}\n");
        sb.Append(CultureInfo.InvariantCulture, $"sluice_config_slo_ttft_seconds {SloLimits?.TtftSeconds ?? 0}\nsluice_config_slo_tpot_seconds {SloLimits?.TpotSeconds ?? 0}\n");
        if (ModelInfo is { } info)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"sluice_model_info{{model=\"{info.Model}\",quantization=\"{info.Quantization}\",kv_cache_dtype=\"{info.KvCacheDtype}\"}} 1\n");
        }

        if (KvCacheCapacityTokens is { } capacity)
        {
            sb.Append(CultureInfo.InvariantCulture, $"sluice_kv_cache_capacity_tokens {capacity}\n");
        }
        return sb.ToString();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A pushed limit as the engine exports it: null (no limit) is 0.</summary>
    private static double LimitOrZero(JsonElement limit) => limit.ValueKind == JsonValueKind.Null ? 0 : limit.GetDouble();
}
