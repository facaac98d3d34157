using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Engine.Api;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Api;

/// <summary>A real Kestrel server on a free loopback port serving the fake model.</summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public const string ModelName = "fake-model";

    private ServerHarness(WebApplication app, FakeModelRunner runner)
    {
        App = app;
        Runner = runner;
        BaseAddress = new Uri(app.Urls.First());
        // No draining of abandoned responses: a disposed response closes its connection, like a client that went away.
        Http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Components = app.Services.GetRequiredService<ServerComponents>();
    }

    public WebApplication App { get; }

    public FakeModelRunner Runner { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public ServerComponents Components { get; }

    public static async Task<ServerHarness> StartAsync(ServeOptions? options = null, FakeModelRunner? runner = null, bool withChatTemplate = true)
    {
        runner ??= new FakeModelRunner();
        // A small KV budget (4 MiB = 4096 fake blocks) unless the test asks for another one.
        options ??= new ServeOptions();
        var kvCacheMemoryMb = options.KvCacheMemoryMb == new ServeOptions().KvCacheMemoryMb ? 4 : options.KvCacheMemoryMb;
        var serve = options with { Host = "127.0.0.1", Port = 0, KvCacheMemoryMb = kvCacheMemoryMb };
        var app = EngineServer.Build(FakeModel.Create(runner, ModelName, withChatTemplate), serve, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        return new ServerHarness(app, runner);
    }

    /// <summary>POSTs <paramref name="json"/> to <paramref name="path"/> with an optional bearer token.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string json, string? bearer = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Value of an unlabelled sample in /metrics, or of the sample with the given label set.</summary>
    public async Task<double> MetricAsync(string name, string labels = "")
    {
        var text = await Http.GetStringAsync("/metrics");
        var prefix = labels.Length == 0 ? name + " " : name + "{" + labels + "} ";
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(25);
        }

        return await condition();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
