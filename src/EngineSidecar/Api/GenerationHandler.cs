using System.Diagnostics;
using Sluice.Engine.Api.Dto;
using Sluice.Engine.Api.Fields;
using Sluice.Engine.Api.Tools;
using Sluice.Engine.Engine;
using Sluice.Engine.Model;

namespace Sluice.Engine.Api;

/// <summary>
/// Serves <c>/v1/completions</c> and <c>/v1/chat/completions</c>: parse and validate (4xx), admit (429/503,
/// decided before any byte is written), submit to the engine loop, then answer in one body or as
/// server-sent events. A client that goes away aborts its request, which frees its KV blocks. A request with a queue-time
/// limit (<c>max_queue_time</c> or <c>--max-queue-time</c>) still waiting for its first scheduling when the limit passes
/// leaves the queue and is answered 429 with Retry-After; until its first output nothing is written, not even stream headers.
/// </summary>
public sealed class GenerationHandler(
    LoadedModel model,
    string servedModelName,
    ServeOptions options,
    SamplingValidator validator,
    AdmissionControl admission,
    EngineLoop loop)
{
    private readonly PromptBuilder _prompts = new(model.Tokenizer, model.ChatTemplate);

    /// <summary>Handles one completion (<paramref name="isChat"/> false) or chat completion request.</summary>
    public async Task HandleAsync(HttpContext context, bool isChat)
    {
        admission.EnsureNotDraining();
        var arrival = Stopwatch.GetTimestamp();
        var body = await RequestBody.ReadAsync(context.Request, options.MaxBodyBytes, context.RequestAborted);
        RequestFieldGuard.Check(body, isChat);
        var generation = isChat ? ParseChat(body) : ParseCompletion(body);
        admission.Admit();

        var id = (isChat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N");
        var request = new EngineRequest(id, generation.PromptTokenIds, generation.SamplingParams, generation.NumChoices, arrival);
        var json = new ResponseJson(isChat, id, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), servedModelName, TokenText);
        try
        {
            loop.Submit(request);
        }
        catch (InvalidOperationException)
        {
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "the engine is not running", "service_unavailable", null, "engine_stopped", 5);
        }

        var finished = false;
        var deadline = generation.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.RequestTimeout;
        var elapsed = Stopwatch.GetElapsedTime(arrival);
        using var expiry = deadline is { } limit
            ? new Timer(_ => loop.Expire(request), null, limit > elapsed ? limit - elapsed : TimeSpan.Zero, Timeout.InfiniteTimeSpan)
            : null;
        var queueLimit = generation.MaxQueueTimeSeconds is { } queueSeconds ? TimeSpan.FromSeconds(queueSeconds) : options.MaxQueueTime;
        using var queueExpiry = queueLimit is { } maxWait
            ? new Timer(_ => loop.ExpireQueued(request), null, maxWait > elapsed ? maxWait - elapsed : TimeSpan.Zero, Timeout.InfiniteTimeSpan)
            : null;
        try
        {
            if (queueLimit is { } waited)
            {
                await ThrowIfQueueTimedOutAsync(request, waited, context.RequestAborted);
            }

            var choices = Enumerable.Range(0, request.NumChoices)
                .Select(_ => new ChoiceAccumulator { Tools = generation.Tools is { Mode: not ToolChoiceMode.None } tools ? new ToolCallDecoder(tools) : null })
                .ToList();
            finished = generation.Stream
                ? await StreamAsync(context, request, generation, json, choices)
                : await CollectAsync(context, request, json, choices);
        }
        finally
        {
            if (!finished)
            {
                loop.Abort(request);
            }
        }
    }

    private GenerationRequest ParseCompletion(byte[] body)
    {
        var dto = RequestBody.Parse(body, ApiJsonContext.Default.CompletionRequestDto);
        CheckModel(dto.Model);
        SamplingValidator.Require(dto.Echo != true, "echo", "echo is not supported");
        SamplingValidator.Require(dto.Suffix is null, "suffix", "suffix is not supported");
        SamplingValidator.Require(dto.BestOf is null || dto.BestOf == (dto.N ?? 1), "best_of", "best_of other than n is not supported");
        var tokens = _prompts.FromPrompt(dto.Prompt);
        return validator.Build(dto, "prompt", tokens, dto.MaxTokens, defaultMaxTokens: 16, dto.Logprobs, "logprobs");
    }

    private GenerationRequest ParseChat(byte[] body)
    {
        var dto = RequestBody.Parse(body, ApiJsonContext.Default.ChatCompletionRequestDto);
        CheckModel(dto.Model);
        SamplingValidator.Require(dto.Modalities is null || dto.Modalities.SequenceEqual(["text"]), "modalities", "only the text modality is served: send [\"text\"] or leave modalities out");
        var grammar = ResponseFormatParser.Parse(dto.ResponseFormat);
        SamplingValidator.Require(dto.TopLogprobs is null || dto.Logprobs == true, "top_logprobs", "top_logprobs requires logprobs to be true");
        var tools = ToolsParser.Parse(dto.Tools, dto.ToolChoice, model.ChatTemplate?.ToolCalls, dto.ParallelToolCalls ?? true);
        SamplingValidator.Require(
            grammar is null || tools?.Grammar is null,
            "response_format",
            "response_format json_object or json_schema cannot be combined with tools unless tool_choice is \"none\" (tool calls have their own constrained format)");
        var tokens = _prompts.FromMessages(dto.Messages, tools: tools?.Tools);
        int? logprobs = dto.Logprobs == true ? dto.TopLogprobs ?? 0 : null;
        var generation = validator.Build(dto, "messages", tokens, dto.MaxCompletionTokens ?? dto.MaxTokens, defaultMaxTokens: null, logprobs, "top_logprobs", grammar ?? tools?.Grammar);
        return generation with { Tools = tools };
    }

    /// <summary>Waits for the request's first output; a queue-time expiry (nothing ran) becomes a 429 with Retry-After.</summary>
    private static async Task ThrowIfQueueTimedOutAsync(EngineRequest request, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (await request.Outputs.WaitToReadAsync(cancellationToken) && request.Outputs.TryPeek(out var first) && first.QueueTimedOut)
        {
            var retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(limit.TotalSeconds));
            throw new ApiException(
                StatusCodes.Status429TooManyRequests,
                $"the request waited longer than its queue-time limit of {limit.TotalSeconds:0.###} s for a free slot; retry after {retryAfterSeconds} s",
                "rate_limit_error",
                null,
                "queue_timeout",
                retryAfterSeconds);
        }
    }

    private void CheckModel(string? requested)
    {
        if (requested is not null && requested != servedModelName)
        {
            throw new ApiException(StatusCodes.Status404NotFound, $"the model '{requested}' does not exist; this server serves '{servedModelName}'", "invalid_request_error", "model", "model_not_found");
        }
    }

    private static async Task<bool> CollectAsync(HttpContext context, EngineRequest request, ResponseJson json, List<ChoiceAccumulator> choices)
    {
        await foreach (var output in request.Outputs.ReadAllAsync(context.RequestAborted))
        {
            foreach (var delta in output.Deltas)
            {
                choices[delta.Index].Add(delta);
            }

            if (output.Error is not null)
            {
                throw new EngineFailedException(output.Error);
            }

            if (output.Finished)
            {
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(json.Full(choices, output.NumPromptTokens, output.NumCompletionTokens), context.RequestAborted);
                return true;
            }
        }

        return false;
    }

    private static async Task<bool> StreamAsync(HttpContext context, EngineRequest request, GenerationRequest generation, ResponseJson json, List<ChoiceAccumulator> choices)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        if (json.IsChat)
        {
            for (var index = 0; index < request.NumChoices; index++)
            {
                await SendAsync(response, json.RoleChunk(index), aborted);
            }
        }

        await response.Body.FlushAsync(aborted);
        await foreach (var output in request.Outputs.ReadAllAsync(aborted))
        {
            foreach (var delta in output.Deltas)
            {
                if (choices[delta.Index].Tools is { } tools)
                {
                    var step = tools.Feed(delta.Text);
                    if (delta.FinishReason is not null)
                    {
                        step = step with { Content = step.Content + tools.Finish() };
                    }

                    var finish = delta.FinishReason is null ? null : tools.FinishWire(delta.FinishReason);
                    if (!step.IsEmpty || finish is not null || delta.Logprobs is not null)
                    {
                        foreach (var chunk in json.ToolChunks(delta.Index, step, delta.Logprobs, finish))
                        {
                            await SendAsync(response, chunk, aborted);
                        }
                    }
                }
                else if (delta.Text.Length > 0 || delta.FinishReason is not null || delta.Logprobs is not null)
                {
                    await SendAsync(response, json.Chunk(delta), aborted);
                }
            }

            if (output.Error is not null)
            {
                await SendAsync(response, ErrorWriter.Serialize(new ApiException(StatusCodes.Status500InternalServerError, output.Error, "server_error")), aborted);
            }

            if (output.Finished)
            {
                if (generation.IncludeUsage)
                {
                    await SendAsync(response, json.UsageChunk(output.NumPromptTokens, output.NumCompletionTokens), aborted);
                }

                await response.Body.WriteAsync("data: [DONE]\n\n"u8.ToArray(), aborted);
                await response.Body.FlushAsync(aborted);
                return true;
            }

            await response.Body.FlushAsync(aborted);
        }

        return false;
    }

    private static async Task SendAsync(HttpResponse response, byte[] payload, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync("data: "u8.ToArray(), cancellationToken);
        await response.Body.WriteAsync(payload, cancellationToken);
        await response.Body.WriteAsync("\n\n"u8.ToArray(), cancellationToken);
    }

    private string TokenText(int tokenId) => model.Tokenizer.Decode([tokenId], skipSpecialTokens: false);
}
