using System.Globalization;
using System.Text;
using Sluice.Engine.Api;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Proxy;

/// <summary>
/// The admission proxy (<c>sluice-engine proxy</c>): the rate lever and Sluice's metrics in front of another runtime's
/// OpenAI server. Routes: every <c>/v1/*</c> request is admitted and forwarded (<see cref="ForwardingHandler"/>);
/// <c>/metrics</c> is the proxy's registry (Prometheus text 0.0.4) followed by the runtime's page, or a comment saying why it
/// is missing; <c>/admin/config</c> as the engine's, except that maxBatchSize and maxBatchedTokens are fixed (409: the batch
/// limit changes by a rolling restart); <c>/health</c> (the proxy lives), <c>/ready</c> (not draining),
/// <c>/upstream/health</c> (the runtime's health status, relayed so that a runtime on loopback can be probed).
/// </summary>
public static class ProxyServer
{
    /// <summary>How long connecting to the runtime may take before the request is answered 502.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The application; listens on <see cref="ProxyOptions.Host"/>:<see cref="ProxyOptions.Port"/> once started.</summary>
    public static WebApplication Build(ProxyOptions options, Action<WebApplicationBuilder>? configureBuilder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var config = new LiveConfig(new EngineConfig(options.RuntimeMaxBatchSize, options.MaxRequestRate, EngineConfig.MaxBatchedTokensLimit));
        var metrics = new ProxyMetrics(config);
        var rate = new RequestRateGate(config);
        var draining = false;
        // A long generation may take minutes, so only connecting is bounded; never through an environment proxy, never a redirect.
        var upstream = new HttpClient(LoopbackHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        var probes = new HttpClient(LoopbackHandler()) { Timeout = TimeSpan.FromSeconds(3) };
        var forwarding = new ForwardingHandler(upstream, options.Upstream, rate, metrics, () => Volatile.Read(ref draining));

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.DrainTimeout + TimeSpan.FromSeconds(5));
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        app.Lifetime.ApplicationStopping.Register(() => Volatile.Write(ref draining, true));
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            rate.Dispose();
            upstream.Dispose();
            probes.Dispose();
        });
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapGet("/ready", () => Volatile.Read(ref draining) ? Results.Text("draining", statusCode: StatusCodes.Status503ServiceUnavailable) : Results.Text("ready"));
        app.MapGet("/upstream/health", async (HttpContext context) =>
        {
            try
            {
                using var response = await probes.GetAsync(new Uri(options.Upstream, options.UpstreamHealthPath), context.RequestAborted);
                return Results.Text(response.IsSuccessStatusCode ? "ok" : "the runtime reports unhealthy", statusCode: (int)response.StatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
            {
                return Results.Text($"the runtime does not answer: {ex.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            using var page = new MemoryStream();
            await metrics.Registry.CollectAndExportAsTextAsync(page, context.RequestAborted);
            var text = new StringBuilder(Encoding.UTF8.GetString(page.ToArray()));
            text.Append(await UpstreamMetricsAsync(probes, new Uri(options.Upstream, options.UpstreamMetricsPath), context.RequestAborted));
            return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
        });
        app.MapAdmin(config, options.AdminTokenFile is { } file ? AdminTokenSource.FromFile(file) : AdminTokenSource.Fixed(null), 64 * 1024, Refuse);
        app.Map("/v1/{**rest}", forwarding.HandleAsync);
        app.MapFallback(context => throw new ApiException(
            StatusCodes.Status404NotFound, $"no route {context.Request.Method} {context.Request.Path} on the admission proxy; it forwards /v1/*", "invalid_request_error", null, "not_found"));
        return app;
    }

    /// <summary>How the proxy reaches the runtime: no environment proxy, no redirects, no decompression, connecting bounded.</summary>
    private static SocketsHttpHandler LoopbackHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        ConnectTimeout = ConnectTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The runtime's page (asking for text 0.0.4), or a comment line naming why it is missing.</summary>
    private static async Task<string> UpstreamMetricsAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("text/plain; version=0.0.4");
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadAsStringAsync(cancellationToken)
                : $"# the runtime's {url.AbsolutePath} answered {(int)response.StatusCode}\n";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"# the runtime's {url.AbsolutePath} did not answer: {ex.Message.ReplaceLineEndings(" ")}\n";
        }
    }

    private static string? Refuse(EngineConfig current, EngineConfig next) =>
        next.MaxBatchSize != current.MaxBatchSize
            ? $"maxBatchSize is fixed at {current.MaxBatchSize}: the runtime read its batch limit at start, so it changes by a rolling restart of the pods (the operator's batch lever), not here"
            : next.MaxBatchedTokens != current.MaxBatchedTokens
                ? "maxBatchedTokens is not a knob of the runtime behind the admission proxy"
                : null;
}
