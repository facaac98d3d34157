using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Sluice.Controllers.Metrics;
using Sluice.Engine.Proxy;

namespace Sluice.Engine.Tests.Proxy;

/// <summary>The admission proxy (real Kestrel on a free loopback port) in front of a <see cref="FakeRuntime"/>.</summary>
internal sealed class ProxyHarness : IAsyncDisposable
{
    public const string AdminToken = "admin-secret";
    public const int RuntimeBatch = 32;

    private readonly string _tokenFile;

    private ProxyHarness(WebApplication app, FakeRuntime? runtime, string tokenFile)
    {
        App = app;
        Runtime = runtime;
        _tokenFile = tokenFile;
        BaseAddress = new Uri(app.Urls.First());
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    /// <summary>The runtime behind the proxy; null when the proxy points at a port nobody listens on.</summary>
    public FakeRuntime? Runtime { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a fake runtime and the proxy in front of it (<paramref name="upstream"/> overrides where the proxy points).</summary>
    public static async Task<ProxyHarness> StartAsync(bool withRuntime = true, Uri? upstream = null, long maxBodyBytes = 8 * 1024 * 1024, TimeSpan? drainTimeout = null)
    {
        var runtime = withRuntime ? await FakeRuntime.StartAsync() : null;
        var tokenFile = Path.Combine(Path.GetTempPath(), $"sluice-proxy-token-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(tokenFile, AdminToken + "\n");
        var options = new ProxyOptions
        {
            Upstream = upstream ?? runtime?.BaseAddress ?? throw new ArgumentException("an upstream is needed without a runtime"),
            Host = "127.0.0.1",
            Port = 0,
            AdminTokenFile = tokenFile,
            RuntimeMaxBatchSize = RuntimeBatch,
            DrainTimeout = drainTimeout ?? TimeSpan.FromSeconds(1),
            MaxBodyBytes = maxBodyBytes,
        };
        var app = ProxyServer.Build(options, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        return new ProxyHarness(app, runtime, tokenFile);
    }

    /// <summary>A loopback URL on which nothing listens (a port that was bound and released).</summary>
    public static Uri ClosedPortUrl()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>The SDK's options for this proxy, with the SDK's own retries off so each call is one request.</summary>
    public OpenAIClientOptions SdkOptions() => new() { Endpoint = new Uri(BaseAddress, "/v1"), RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = TimeSpan.FromSeconds(30) };

    public ChatClient Chat() => new(FakeRuntime.ModelName, new ApiKeyCredential("sk-client"), SdkOptions());

    /// <summary>POSTs <paramref name="json"/>, returning once the response headers are in.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string json, CancellationToken cancellationToken = default) =>
        Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken);

    /// <summary>PUTs <paramref name="json"/> to /admin/config with <paramref name="token"/> (null = no Authorization header).</summary>
    public Task<HttpResponseMessage> PutConfigAsync(string json, string? token = AdminToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/admin/config") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Http.SendAsync(request);
    }

    /// <summary>/metrics, as text and as the operator's parser reads it.</summary>
    public async Task<(string Text, IReadOnlyList<MetricSample> Samples)> MetricsAsync()
    {
        var text = await Http.GetStringAsync("/metrics");
        return (text, PrometheusTextParser.Parse(text));
    }

    /// <summary>The value of the one sample named <paramref name="name"/> whose labels include <paramref name="labels"/>; 0 when absent.</summary>
    public static double Value(IReadOnlyList<MetricSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Select(s => s.Value).SingleOrDefault();

    /// <summary>Polls, for up to 10 s, until <paramref name="condition"/> holds (for what settles after a response ended); returns whether it held.</summary>
    public static Task<bool> EventuallyAsync(Func<Task<bool>> condition) => Api.ServerHarness.EventuallyAsync(condition, TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (Runtime is not null)
        {
            await Runtime.DisposeAsync();
        }

        File.Delete(_tokenFile);
    }
}
