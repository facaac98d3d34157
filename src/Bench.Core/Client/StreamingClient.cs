using System.Net.Http.Headers;
using Sluice.Bench.Datasets;
using Sluice.Bench.Results;
using Sluice.Bench.Spec;
using Sluice.Bench.Timing;

namespace Sluice.Bench.Client;

/// <summary>
/// Sends one streaming completion request and measures it. The clock is read once when the request is
/// sent, once per SSE <c>data:</c> line as it arrives, and once when the stream ends. Failures of any
/// kind (HTTP errors including 429, refused connections, timeouts, broken or error streams) become a
/// failed <see cref="RequestRecord"/>; only cancellation of the caller's token throws.
/// </summary>
public sealed class StreamingClient
{
    private const int MaxErrorMessageChars = 300;
    private readonly HttpClient _http;
    private readonly IBenchClock _clock;

    /// <summary>Creates a client over <paramref name="http"/> (whose own timeout should be infinite) and <paramref name="clock"/>.</summary>
    public StreamingClient(HttpClient http, IBenchClock clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clock);
        _http = http;
        _clock = clock;
    }

    /// <summary>Sends request <paramref name="index"/> of <paramref name="spec"/>; times are relative to <paramref name="runStartSeconds"/>.</summary>
    public async Task<RequestRecord> SendAsync(
        BenchmarkSpec spec, IPromptSource prompts, int index, double runStartSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(prompts);
        var prompt = prompts.Get(index);
        var body = RequestPayload.Build(spec.Api, spec.Model, prompt, prompts.SystemPrompt, spec.IgnoreEos);
        var measurement = new StreamMeasurement(_clock.NowSeconds);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(spec.RequestTimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, ApiEndpoints.Resolve(spec.BaseUrlFor(index), spec.Api));
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            if (spec.ApiKey is { Length: > 0 } apiKey)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            measurement.StatusCode = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var errorBody = await response.Content.ReadAsStringAsync(timeout.Token);
                return Finish(measurement, index, prompt, runStartSeconds, measurement.StatusCode.ToString(), Truncate(errorBody)) with
                {
                    RetryAfterSeconds = RetryAfterSeconds(response.Headers.RetryAfter),
                };
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var reader = new StreamReader(stream);
            string? failure = null;
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal))
                {
                    continue;
                }

                var nowSeconds = _clock.NowSeconds;
                var payload = line[5..].Trim();
                if (payload == "[DONE]")
                {
                    break;
                }

                var chunk = StreamChunkParser.Parse(payload);
                if (chunk.Error is not null)
                {
                    failure = chunk.Error;
                    break;
                }

                measurement.Add(chunk, nowSeconds);
            }

            if (failure is not null)
            {
                return Finish(measurement, index, prompt, runStartSeconds, "stream_error", Truncate(failure));
            }

            return measurement.NumChunks == 0
                ? Finish(measurement, index, prompt, runStartSeconds, "empty_response", "the stream ended without a token")
                : Finish(measurement, index, prompt, runStartSeconds, null, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Finish(measurement, index, prompt, runStartSeconds, "timeout", $"no complete answer within {spec.RequestTimeoutSeconds} s");
        }
        catch (HttpRequestException e) when (measurement.StatusCode is null)
        {
            return Finish(measurement, index, prompt, runStartSeconds, "connection", Truncate(e.Message));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return Finish(measurement, index, prompt, runStartSeconds, "stream_error", Truncate(e.Message));
        }
    }

    private RequestRecord Finish(
        StreamMeasurement measurement, int index, BenchPrompt prompt, double runStartSeconds, string? errorKind, string? errorMessage)
    {
        var e2eSeconds = _clock.NowSeconds - measurement.StartSeconds;
        var ok = errorKind is null;
        var outputTokens = measurement.CompletionTokens ?? measurement.NumChunks;
        double? tpotSeconds = ok && outputTokens > 1 && measurement.TtftSeconds is { } ttft
            ? (e2eSeconds - ttft) / (outputTokens - 1)
            : null;
        return new RequestRecord
        {
            Index = index,
            StartSeconds = measurement.StartSeconds - runStartSeconds,
            Ok = ok,
            StatusCode = measurement.StatusCode,
            ErrorKind = errorKind,
            ErrorMessage = errorMessage,
            TtftSeconds = measurement.TtftSeconds,
            E2eSeconds = e2eSeconds,
            InterTokenLatenciesSeconds = measurement.GapsSeconds,
            InputTokens = measurement.PromptTokens ?? prompt.ApproxInputTokens,
            InputTokensReported = measurement.PromptTokens.HasValue,
            OutputTokens = outputTokens,
            OutputTokensReported = measurement.CompletionTokens.HasValue,
            TpotSeconds = tpotSeconds,
        };
    }

    /// <summary>The wait a Retry-After header asks for, in seconds (a date counts from now); null without one.</summary>
    private static double? RetryAfterSeconds(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => Math.Max(0, delta.TotalSeconds),
        { Date: { } date } => Math.Max(0, (date - DateTimeOffset.UtcNow).TotalSeconds),
        _ => null,
    };

    private static string Truncate(string text) =>
        text.Length <= MaxErrorMessageChars ? text : text[..MaxErrorMessageChars] + "…";
}
