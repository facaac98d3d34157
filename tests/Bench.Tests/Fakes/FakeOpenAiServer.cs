using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sluice.Bench.Tests.Fakes;

/// <summary>
/// An OpenAI-compatible streaming server on real Kestrel (127.0.0.1, a free port) whose answers follow
/// a script: status code, delays before each chunk (real, or on a <see cref="VirtualClock"/>), chunk
/// count, usage and mid-stream errors. It records every request it received.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<FakeRequest, FakeResponse> _script;
    private readonly VirtualClock? _clock;
    private readonly SemaphoreSlim? _slots;
    private readonly ConcurrentQueue<FakeRequest> _received = new();
    private int _lastSequence = -1;
    private int _activeStreams;

    private FakeOpenAiServer(WebApplication app, Func<FakeRequest, FakeResponse> script, VirtualClock? clock, int? maxActiveStreams)
    {
        _app = app;
        _script = script;
        _clock = clock;
        _slots = maxActiveStreams is { } max ? new SemaphoreSlim(max) : null;
    }

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<FakeRequest> Received => [.. _received.OrderBy(r => r.Sequence)];

    /// <summary>
    /// Starts the server. With <paramref name="maxActiveStreams"/>, at most that many answers stream at
    /// once and the rest wait (a batch limit: the wait shows up as TTFT).
    /// </summary>
    public static async Task<FakeOpenAiServer> StartAsync(Func<FakeRequest, FakeResponse> script, VirtualClock? clock = null, int? maxActiveStreams = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeOpenAiServer(app, script, clock, maxActiveStreams);
        app.MapPost("/v1/completions", context => server.HandleAsync(context, chat: false));
        app.MapPost("/v1/chat/completions", context => server.HandleAsync(context, chat: true));
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _slots?.Dispose();
    }

    private async Task HandleAsync(HttpContext context, bool chat)
    {
        var aborted = context.RequestAborted;
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: aborted);
        var request = new FakeRequest(
            Interlocked.Increment(ref _lastSequence), context.Request.Path, document.RootElement.Clone(), context.Request.Headers.Authorization);
        _received.Enqueue(request);
        var plan = _script(request);
        if (plan.StatusCode != 200)
        {
            context.Response.StatusCode = plan.StatusCode;
            context.Response.ContentType = "application/json";
            if (plan.RetryAfterSeconds is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await context.Response.WriteAsync(plan.ErrorBody, aborted);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        await context.Response.StartAsync(aborted);
        await context.Response.Body.FlushAsync(aborted);
        var numChunks = plan.NumChunks ?? request.MaxTokens;
        if (_slots is not null)
        {
            await _slots.WaitAsync(aborted);
        }

        Interlocked.Increment(ref _activeStreams);
        try
        {
            if (!await StreamTokensAsync(context, plan, numChunks, chat))
            {
                return;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _activeStreams);
            _slots?.Release();
        }

        await WriteEventAsync(context, chat
            ? """{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}"""
            : """{"object":"text_completion","choices":[{"index":0,"text":"","finish_reason":"length"}]}""");
        if (plan.HonourIncludeUsage && request.IncludeUsage)
        {
            var completionTokens = numChunks * plan.TokensPerChunk;
            await WriteEventAsync(context,
                $"{{\"choices\":[],\"usage\":{{\"prompt_tokens\":{plan.PromptTokens},\"completion_tokens\":{completionTokens}}}}}");
        }

        await WriteEventAsync(context, "[DONE]");
    }

    private async Task<bool> StreamTokensAsync(HttpContext context, FakeResponse plan, int numChunks, bool chat)
    {
        for (var i = 0; i < numChunks; i++)
        {
            if (plan.StreamErrorAfterChunks == i)
            {
                await WriteEventAsync(context, """{"error":{"message":"scripted stream error","type":"server_error"}}""");
                return false;
            }

            var gapSeconds = i == 0
                ? plan.FirstTokenSeconds
                : plan.InterTokenSecondsAtLoad?.Invoke(Volatile.Read(ref _activeStreams)) ?? plan.InterTokenSeconds;
            await WaitAsync(gapSeconds, context.RequestAborted);
            var text = JsonSerializer.Serialize(" w" + i);
            var role = i == 0 ? "\"role\":\"assistant\"," : "";
            await WriteEventAsync(context, chat
                ? "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{" + role + "\"content\":" + text + "},\"finish_reason\":null}]}"
                : $$"""{"object":"text_completion","choices":[{"index":0,"text":{{text}},"finish_reason":null}]}""");
        }

        return true;
    }

    private Task WaitAsync(double seconds, CancellationToken cancellationToken)
    {
        if (seconds <= 0)
        {
            return Task.CompletedTask;
        }

        return _clock is null
            ? Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken)
            : _clock.AdvanceAfterReadAsync(seconds, cancellationToken);
    }

    private static async Task WriteEventAsync(HttpContext context, string payload)
    {
        await context.Response.WriteAsync("data: " + payload + "\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
