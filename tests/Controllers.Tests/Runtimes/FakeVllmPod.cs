using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>
/// A vLLM pod behind the admission proxy, as the operator sees it on loopback: /metrics is the proxy's lines followed by vLLM
/// v0.11's, /admin/config is the proxy's (rate live, batch fixed: 409 for another). Its latencies follow a queueing model the
/// test advances in simulated seconds: <see cref="OfferedRatePerSecond"/> arrive, the admitted rate is capped by the rate lever
/// (the rest are refused with 429), the replica serves <see cref="CapacityPerSecond"/>; TTFT = 0.1 s + 0.1 s × ρ/(1 − ρ) (5 s
/// when saturated), TPOT = 8 ms + 1.5 ms × batch limit.
/// </summary>
internal sealed class FakeVllmPod : IAsyncDisposable
{
    private static readonly double[] TtftBounds = [0.1, 0.25, 0.5, 1, 2.5, 5];
    private static readonly double[] TpotBounds = [0.01, 0.025, 0.05, 0.075, 0.1];
    private readonly WebApplication _app;
    private readonly double[] _ttft = new double[TtftBounds.Length + 1];
    private readonly double[] _tpot = new double[TpotBounds.Length + 1];
    private double _finished;
    private double _rejected;
    private double _tokens;
    private double _waiting;

    private FakeVllmPod(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The batch limit the runtime was started with (--max-num-seqs of its pod).</summary>
    public int BatchLimit { get; set; } = 32;

    /// <summary>The rate lever in force at the proxy; null = unlimited.</summary>
    public double? MaxRequestRate { get; private set; }

    public double OfferedRatePerSecond { get; set; } = 10;

    public double CapacityPerSecond { get; set; } = 8;

    /// <summary>Replaces the page with text that is not Prometheus exposition.</summary>
    public bool Malformed { get; set; }

    public static async Task<FakeVllmPod> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var pod = new FakeVllmPod(app);
        app.MapGet("/metrics", () => Results.Text(pod.Malformed ? "vllm:num_requests_running{engine=\"0\" 3\n" : pod.Page()));
        app.MapPut("/admin/config", async (HttpRequest request) =>
        {
            using var doc = await JsonDocument.ParseAsync(request.Body);
            if (doc.RootElement.TryGetProperty("maxBatchSize", out var batch) && batch.GetInt32() != pod.BatchLimit)
            {
                return Results.Json(new { error = new { message = $"maxBatchSize is fixed at {pod.BatchLimit}" } }, statusCode: 409);
            }

            if (doc.RootElement.TryGetProperty("maxRequestRate", out var rate))
            {
                pod.MaxRequestRate = rate.ValueKind == JsonValueKind.Null ? null : rate.GetDouble();
            }

            return Results.Json(new { maxBatchSize = pod.BatchLimit, maxRequestRate = pod.MaxRequestRate, maxBatchedTokens = 1 << 20 });
        });
        await app.StartAsync();
        pod.BaseUrl = new Uri(((IServer)app.Services.GetService(typeof(IServer))!).Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return pod;
    }

    public double TtftSeconds => Utilization >= 0.98 ? 5 : 0.1 + (0.1 * Utilization / (1 - Utilization));

    public double TpotSeconds => 0.008 + (0.0015 * BatchLimit);

    private double AdmittedRatePerSecond => Math.Min(OfferedRatePerSecond, MaxRequestRate ?? double.MaxValue);

    private double Utilization => AdmittedRatePerSecond / CapacityPerSecond;

    /// <summary>Lets <paramref name="seconds"/> of simulated traffic pass at the current levers.</summary>
    public void Advance(double seconds)
    {
        var served = Math.Min(AdmittedRatePerSecond, CapacityPerSecond) * seconds;
        _finished += served;
        _rejected += (OfferedRatePerSecond - AdmittedRatePerSecond) * seconds;
        _tokens += served * 128;
        _ttft[Bucket(TtftBounds, TtftSeconds)] += served;
        _tpot[Bucket(TpotBounds, TpotSeconds)] += served;
        _waiting = Utilization >= 1 ? 20 : 0;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static int Bucket(double[] bounds, double value) => bounds.Select((b, i) => (b, i)).FirstOrDefault(x => value <= x.b, (0, bounds.Length)).Item2;

    private string Page()
    {
        var sb = new StringBuilder(ProxyPage.Text(BatchLimit, MaxRequestRate, _finished, _rejected, BatchLimit));
        const string Labels = "engine=\"0\",model_name=\"meta-llama/Llama-3.1-8B-Instruct\"";
        sb.Append(CultureInfo.InvariantCulture, $"vllm:num_requests_running{{{Labels}}} {Math.Min(BatchLimit, 12)}\nvllm:num_requests_waiting{{{Labels}}} {_waiting}\n");
        sb.Append(CultureInfo.InvariantCulture, $"vllm:kv_cache_usage_perc{{{Labels}}} 0.4\nvllm:generation_tokens_total{{{Labels}}} {_tokens}\n");
        Histogram(sb, "vllm:time_to_first_token_seconds", TtftBounds, _ttft, Labels);
        Histogram(sb, "vllm:request_time_per_output_token_seconds", TpotBounds, _tpot, Labels);
        return sb.ToString();
    }

    private static void Histogram(StringBuilder sb, string name, double[] bounds, double[] counts, string labels)
    {
        var cumulative = 0.0;
        for (var i = 0; i <= bounds.Length; i++)
        {
            cumulative += counts[i];
            var le = i < bounds.Length ? bounds[i].ToString(CultureInfo.InvariantCulture) : "+Inf";
            sb.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels},le=\"{le}\"}} {cumulative}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"{name}_count{{{labels}}} {cumulative}\n{name}_sum{{{labels}}} 0\n");
    }
}
