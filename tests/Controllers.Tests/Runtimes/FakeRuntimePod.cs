using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sluice.Contracts.Metrics;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>
/// One pod of a proxied runtime as the operator sees it on loopback: the admission proxy's API port, whose /metrics is the
/// proxy's own lines (<see cref="FakeProxyMetrics"/>) followed by the runtime's page as the proxy fetches it from the path in
/// its <c>--upstream-metrics-path</c> (a comment naming the status when the runtime does not serve it there), and whose
/// /admin/config is the proxy's (rate and SLO limits live; a batch other than <c>--runtime-max-batch-size</c> is a 409). The
/// runtime speaks its version's exposition (<see cref="RuntimeDialect"/>, <see cref="RecordedExposition"/>) and runs with the
/// batch limit its own flag carries in the engine container's args, its latencies following <see cref="QueueingModel"/>.
/// A restart is a new instance: counters start at zero, as a new process's do.
/// </summary>
internal sealed class FakeRuntimePod : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeProxyMetrics _proxy = new();
    private readonly RecordedExposition _runtime;
    private readonly string _upstreamMetricsPath;
    private double? _sloTtftSeconds;
    private double? _sloTpotSeconds;

    private FakeRuntimePod(WebApplication app, RuntimeDialect dialect, IReadOnlyList<string> engineArgs, IReadOnlyList<string> proxyArgs)
    {
        _app = app;
        Dialect = dialect;
        _runtime = new RecordedExposition(dialect.Recorded(), dialect.Families);
        Model = new QueueingModel(Int(engineArgs, dialect.BatchLimitFlag));
        ProxyBatchLimit = Int(proxyArgs, "--runtime-max-batch-size");
        _upstreamMetricsPath = Flag(proxyArgs, "--upstream-metrics-path");
        Model.MaxRequestRate = proxyArgs.Contains("--max-request-rate") ? double.Parse(Flag(proxyArgs, "--max-request-rate"), CultureInfo.InvariantCulture) : null;
    }

    public RuntimeDialect Dialect { get; }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The replica's load and levers; <see cref="QueueingModel.BatchLimit"/> is the runtime's start-time flag.</summary>
    public QueueingModel Model { get; }

    /// <summary>The batch limit the proxy reports (its <c>--runtime-max-batch-size</c>).</summary>
    public int ProxyBatchLimit { get; }

    public RuntimePage Page { get; set; } = RuntimePage.Served;

    /// <summary>Starts the pod of a runtime whose engine container has <paramref name="engineArgs"/> and proxy container <paramref name="proxyArgs"/> (after the command).</summary>
    public static async Task<FakeRuntimePod> StartAsync(RuntimeDialect dialect, IList<string> engineArgs, IList<string> proxyArgs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var pod = new FakeRuntimePod(app, dialect, [.. engineArgs], [.. proxyArgs]);
        app.MapGet("/metrics", pod.MetricsAsync);
        app.MapPut("/admin/config", pod.PutConfigAsync);
        await app.StartAsync();
        pod.BaseUrl = new Uri(((IServer)app.Services.GetService(typeof(IServer))!).Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return pod;
    }

    /// <summary>Lets <paramref name="seconds"/> of traffic pass at the levers in force.</summary>
    public void Advance(double seconds)
    {
        var (served, refused, admitted) = Model.Advance(seconds);
        _proxy.Count(RequestOutcomes.Finished, served);
        _proxy.Count(RequestOutcomes.RejectedRate, refused);
        _proxy.ObserveTtft(Model.TtftSeconds, served);
        _runtime.Observe(MetricRole.Ttft, Model.TtftSeconds, served);
        _runtime.Observe(MetricRole.Tpot, Model.TpotSeconds, served);
        _runtime.Observe(MetricRole.TokenGap, Model.TpotSeconds, served * (QueueingModel.OutputTokens - 1));
        _runtime.Observe(MetricRole.MeanTimePerToken, Model.InferenceSecondsPerToken, served);
        _runtime.Observe(MetricRole.E2e, Model.E2eSeconds, served);
        _runtime.Observe(MetricRole.QueueTime, Model.QueueSeconds, served);
        _runtime.Observe(MetricRole.OutputTokens, QueueingModel.OutputTokens, served);
        _runtime.Add(MetricRole.Finished, served);
        _runtime.Add(MetricRole.Received, admitted);
        _runtime.Add(MetricRole.PromptTokens, served * QueueingModel.PromptTokens);
        _runtime.Add(MetricRole.GenerationTokens, served * QueueingModel.OutputTokens);
    }

    /// <summary>The runtime's own page now, as it answers on its metrics path when served.</summary>
    public string RuntimeText() => _runtime.Render(role => role switch
    {
        MetricRole.Running => Model.Running,
        MetricRole.Waiting => Model.Waiting,
        MetricRole.KvUsage => Model.KvUsage,
        MetricRole.Throughput => Model.ServedRatePerSecond * QueueingModel.OutputTokens,
        MetricRole.BatchTokens => Model.Running * (QueueingModel.PromptTokens + QueueingModel.OutputTokens),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a gauge"),
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> MetricsAsync()
    {
        _proxy.Set(Model.InFlight, ProxyBatchLimit, Model.MaxRequestRate, _sloTtftSeconds, _sloTpotSeconds);
        var upstream = _upstreamMetricsPath != Dialect.MetricsPath || Page == RuntimePage.Missing
            ? $"# the runtime's {_upstreamMetricsPath} answered 404\n"
            : Page == RuntimePage.Malformed ? CutOff(RuntimeText()) : RuntimeText();
        return Results.Text(await _proxy.TextAsync() + upstream, "text/plain; version=0.0.4; charset=utf-8");
    }

    private async Task<IResult> PutConfigAsync(HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var config = body.RootElement;
        if (config.TryGetProperty("maxBatchSize", out var batch) && batch.GetInt32() != ProxyBatchLimit)
        {
            return Results.Json(new { error = new { message = $"maxBatchSize is fixed at {ProxyBatchLimit}: the runtime read its batch limit at start" } }, statusCode: 409);
        }

        Model.MaxRequestRate = Optional(config, "maxRequestRate", Model.MaxRequestRate);
        _sloTtftSeconds = Optional(config, "sloTtftSeconds", _sloTtftSeconds);
        _sloTpotSeconds = Optional(config, "sloTpotSeconds", _sloTpotSeconds);
        return Results.Json(new { maxBatchSize = ProxyBatchLimit, maxRequestRate = Model.MaxRequestRate, maxBatchedTokens = 1 << 20 });
    }

    /// <summary>A field that is absent keeps <paramref name="current"/>; null clears it.</summary>
    private static double? Optional(JsonElement config, string field, double? current) =>
        !config.TryGetProperty(field, out var value) ? current : value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();

    /// <summary>The page with its first sample line broken off in the middle (labels or value missing) and nothing after it.</summary>
    private static string CutOff(string page)
    {
        var lines = page.Split('\n');
        var first = Array.FindIndex(lines, l => l.Length > 0 && l[0] != '#');
        return string.Join('\n', lines.Take(first)) + "\n" + lines[first][..(lines[first].Length / 2)] + "\n";
    }

    private static string Flag(IReadOnlyList<string> args, string flag)
    {
        var at = args.ToList().IndexOf(flag);
        return at >= 0 && at + 1 < args.Count ? args[at + 1] : throw new ArgumentException($"the args carry no {flag}: {string.Join(' ', args)}", nameof(args));
    }

    private static int Int(IReadOnlyList<string> args, string flag) => int.Parse(Flag(args, flag), CultureInfo.InvariantCulture);
}
