using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sluice.Engine.Tests.Proxy;

/// <summary>
/// A runtime's OpenAI server on a free loopback port (real Kestrel): <c>/v1/chat/completions</c> and <c>/v1/completions</c>,
/// streamed and not, <c>/health</c>, and <c>/metrics</c> serving vLLM 0.11.0's recorded exposition. Streamed answers send the role
/// chunk and <see cref="FirstContent"/>, then wait for <see cref="ReleaseStreams"/> when <see cref="HoldStreams"/> is set, then
/// <see cref="RestContent"/>, the finish chunk, a usage chunk when asked for, and <c>[DONE]</c>.
/// </summary>
internal sealed class FakeRuntime : IAsyncDisposable
{
    public const string ModelName = "meta-llama/Llama-3.1-8B-Instruct";
    public const string FirstContent = "Hello";
    public const string RestContent = " world";
    public const string CompletionText = " a completion from the runtime";
    public const int PromptTokens = 11;
    public const int CompletionTokens = 2;

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _streamsFinished;
    private int _streamsAbandoned;
    private int _requests;

    private FakeRuntime(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Where the runtime listens, known once started.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public FakeRuntimeMode Mode { get; set; } = FakeRuntimeMode.Normal;

    /// <summary>Streams wait after their first content chunk until <see cref="ReleaseStreams"/>.</summary>
    public bool HoldStreams { get; set; }

    /// <summary>Status of <c>/health</c>.</summary>
    public int HealthStatus { get; set; } = 200;

    /// <summary>Streams that wrote their last byte.</summary>
    public int StreamsFinished => Volatile.Read(ref _streamsFinished);

    /// <summary>Held streams whose client (the proxy) went away before they were released.</summary>
    public int StreamsAbandoned => Volatile.Read(ref _streamsAbandoned);

    /// <summary>OpenAI requests that reached the runtime.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The body and Authorization header of the latest OpenAI request.</summary>
    public (JsonElement Body, string? Authorization)? LastRequest { get; private set; }

    public static string MetricsPage { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "runtimes", "vllm-0.11.0.prom"));

    public static async Task<FakeRuntime> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeRuntime(app);
        app.MapPost("/v1/chat/completions", context => fake.AnswerAsync(context, chat: true));
        app.MapPost("/v1/completions", context => fake.AnswerAsync(context, chat: false));
        app.MapGet("/health", context =>
        {
            context.Response.StatusCode = fake.HealthStatus;
            return Task.CompletedTask;
        });
        app.MapGet("/metrics", () => Results.Text(MetricsPage, "text/plain; version=0.0.4; charset=utf-8"));
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Urls.First());
        return fake;
    }

    /// <summary>Cuts the streams of <see cref="FakeRuntimeMode.CutMidStream"/> (their bytes so far were sent and read).</summary>
    public void Cut() => _cut.TrySetResult();

    /// <summary>Lets held streams finish.</summary>
    public void ReleaseStreams() => _release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseStreams();
        Cut();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context, bool chat)
    {
        Interlocked.Increment(ref _requests);
        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        var body = document.RootElement.Clone();
        LastRequest = (body, context.Request.Headers.Authorization.ToString());
        switch (Mode)
        {
            case FakeRuntimeMode.Fail500:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsJsonAsync(new { detail = "CUDA error: out of memory" });
                return;
            case FakeRuntimeMode.Fail503:
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "7";
                await context.Response.WriteAsync("engine is loading");
                return;
        }

        var stream = body.TryGetProperty("stream", out var flag) && flag.ValueKind == JsonValueKind.True;
        if (!stream)
        {
            await context.Response.WriteAsync(chat ? ChatBody() : CompletionBody(), Encoding.UTF8);
            return;
        }

        var includeUsage = body.TryGetProperty("stream_options", out var options)
            && options.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True;
        await StreamAsync(context, chat, includeUsage);
    }

    private async Task StreamAsync(HttpContext context, bool chat, bool includeUsage)
    {
        context.Response.ContentType = "text/event-stream";
        if (Mode == FakeRuntimeMode.CutBeforeBody)
        {
            await context.Response.StartAsync();
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
            context.Abort();
            return;
        }

        if (chat)
        {
            await SendAsync(context, ChatChunk("""{"role":"assistant","content":""}""", null));
        }

        await SendAsync(context, chat ? ChatChunk(Delta(FirstContent), null) : CompletionChunk(FirstContent, null));
        if (Mode == FakeRuntimeMode.CutMidStream)
        {
            await SendAsync(context, chat ? ChatChunk(Delta(" wor"), null) : CompletionChunk(" wor", null));
            await _cut.Task.WaitAsync(TimeSpan.FromSeconds(30));
            context.Abort();
            return;
        }

        if (HoldStreams)
        {
            try
            {
                await _release.Task.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                Interlocked.Increment(ref _streamsAbandoned);
                return;
            }
        }

        await SendAsync(context, chat ? ChatChunk(Delta(RestContent), null) : CompletionChunk(RestContent, null));
        await SendAsync(context, chat ? ChatChunk("{}", "\"length\"") : CompletionChunk(string.Empty, "\"length\""));
        if (includeUsage)
        {
            var usage = $$$"""{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1764770000,"model":"{{{ModelName}}}","choices":[],"usage":{"prompt_tokens":{{{PromptTokens}}},"completion_tokens":{{{CompletionTokens}}},"total_tokens":{{{PromptTokens + CompletionTokens}}}}}""";
            await SendAsync(context, usage);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n");
        await context.Response.Body.FlushAsync();
        Interlocked.Increment(ref _streamsFinished);
    }

    private static async Task SendAsync(HttpContext context, string json)
    {
        await context.Response.WriteAsync("data: " + json + "\n\n");
        await context.Response.Body.FlushAsync();
    }

    private static string Delta(string content) => JsonSerializer.Serialize(new { content });

    private static string ChatChunk(string delta, string? finishReason) =>
        $$"""{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1764770000,"model":"{{ModelName}}","choices":[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":{{finishReason ?? "null"}}}]}""";

    private static string CompletionChunk(string text, string? finishReason) =>
        $$"""{"id":"cmpl-fake","object":"text_completion","created":1764770000,"model":"{{ModelName}}","choices":[{"index":0,"text":{{JsonSerializer.Serialize(text)}},"logprobs":null,"finish_reason":{{finishReason ?? "null"}}}]}""";

    private static string ChatBody() =>
        $$$"""{"id":"chatcmpl-fake","object":"chat.completion","created":1764770000,"model":"{{{ModelName}}}","choices":[{"index":0,"message":{"role":"assistant","content":"{{{FirstContent}}}{{{RestContent}}}"},"logprobs":null,"finish_reason":"length"}],"usage":{"prompt_tokens":{{{PromptTokens}}},"completion_tokens":{{{CompletionTokens}}},"total_tokens":{{{PromptTokens + CompletionTokens}}}}}""";

    private static string CompletionBody() =>
        $$$"""{"id":"cmpl-fake","object":"text_completion","created":1764770000,"model":"{{{ModelName}}}","choices":[{"index":0,"text":"{{{CompletionText}}}","logprobs":null,"finish_reason":"length"}],"usage":{"prompt_tokens":{{{PromptTokens}}},"completion_tokens":{{{CompletionTokens}}},"total_tokens":{{{PromptTokens + CompletionTokens}}}}}""";
}
