using System.Text.Json;
using Sluice.Engine.Api.Dto;
using Sluice.Engine.Engine;
using Sluice.Engine.Grammar;

namespace Sluice.Engine.Api;

/// <summary>Checks the sampling fields of a request against their ranges and the context; every violation is a 400 naming the field.</summary>
public sealed class SamplingValidator(ServeOptions options, int maxModelTokens, int vocabSize)
{
    /// <summary>Longest sequence (prompt + output) accepted.</summary>
    public int MaxModelTokens { get; } = maxModelTokens;

    /// <summary>
    /// Builds the engine request from <paramref name="dto"/>. <paramref name="maxTokens"/> is the requested
    /// output length or null for <paramref name="defaultMaxTokens"/> (clipped to the room the context leaves).
    /// </summary>
    /// <param name="promptParam">Field the prompt came from ("prompt" or "messages"), named in context errors.</param>
    /// <param name="grammar">Constrained decoding from response_format or tools, or null.</param>
    public GenerationRequest Build(SamplingFieldsDto dto, string promptParam, int[] promptTokenIds, int? maxTokens, int? defaultMaxTokens, int? logprobs, string logprobsParam, GrammarNode? grammar = null)
    {
        var numPrompt = promptTokenIds.Length;
        if (numPrompt >= MaxModelTokens)
        {
            throw ApiException.BadRequest(
                $"the prompt has {numPrompt} tokens, but the context length is {MaxModelTokens} tokens (at least one must be left for output)",
                promptParam,
                "context_length_exceeded");
        }

        var room = MaxModelTokens - numPrompt;
        if (maxTokens is { } requested)
        {
            Require(requested >= 1, "max_tokens", $"max_tokens must be at least 1, got {requested}");
            Require(
                requested <= room,
                "max_tokens",
                $"the prompt has {numPrompt} tokens and max_tokens is {requested}, {numPrompt + requested} in all, but the context length is {MaxModelTokens} tokens",
                "context_length_exceeded");
        }

        var temperature = dto.Temperature ?? 1f;
        Require(float.IsFinite(temperature) && temperature is >= 0f and <= 100f, "temperature", $"temperature must be a finite number between 0 and 100, got {temperature}");
        var topP = dto.TopP ?? 1f;
        Require(float.IsFinite(topP) && topP is > 0f and <= 1f, "top_p", $"top_p must be in (0, 1], got {topP}");
        var topK = dto.TopK ?? -1;
        Require(topK >= -1, "top_k", $"top_k must be -1 (off), 0 (off) or positive, got {topK}");
        var minP = dto.MinP ?? 0f;
        Require(float.IsFinite(minP) && minP is >= 0f and <= 1f, "min_p", $"min_p must be in [0, 1], got {minP}");
        var presence = dto.PresencePenalty ?? 0f;
        Require(float.IsFinite(presence) && presence is >= -2f and <= 2f, "presence_penalty", $"presence_penalty must be in [-2, 2], got {presence}");
        var frequency = dto.FrequencyPenalty ?? 0f;
        Require(float.IsFinite(frequency) && frequency is >= -2f and <= 2f, "frequency_penalty", $"frequency_penalty must be in [-2, 2], got {frequency}");
        var repetition = dto.RepetitionPenalty ?? 1f;
        Require(float.IsFinite(repetition) && repetition is > 0f and <= 10f, "repetition_penalty", $"repetition_penalty must be in (0, 10], got {repetition}");
        var n = dto.N ?? 1;
        Require(n >= 1 && n <= options.MaxChoices, "n", $"n must be between 1 and {options.MaxChoices}, got {n}");
        if (logprobs is { } numLogprobs)
        {
            Require(numLogprobs >= 0 && numLogprobs <= options.MaxLogprobs, logprobsParam, $"{logprobsParam} must be between 0 and {options.MaxLogprobs}, got {numLogprobs}");
        }

        foreach (var id in dto.StopTokenIds ?? [])
        {
            Require(id >= 0 && id < vocabSize, "stop_token_ids", $"stop_token_ids must be token ids in [0, {vocabSize}), got {id}");
        }

        Require(grammar is null || dto.IgnoreEos != true, "ignore_eos", "ignore_eos cannot be combined with response_format json_object or json_schema (the output ends when the document is complete)");
        if (dto.Timeout is { } timeoutSeconds)
        {
            Require(double.IsFinite(timeoutSeconds) && timeoutSeconds > 0 && timeoutSeconds <= 86400, "timeout", $"timeout must be a number of seconds in (0, 86400], got {timeoutSeconds}");
        }

        if (dto.MaxQueueTime is { } queueSeconds)
        {
            Require(double.IsFinite(queueSeconds) && queueSeconds > 0 && queueSeconds <= 86400, "max_queue_time", $"max_queue_time must be a number of seconds in (0, 86400], got {queueSeconds}");
        }

        var stream = dto.Stream ?? false;
        Require(stream || dto.StreamOptions is null, "stream_options", "stream_options is only allowed when stream is true");
        var samplingParams = new SamplingParams(
            temperature,
            topK,
            topP,
            minP,
            presence,
            frequency,
            repetition,
            dto.Seed,
            maxTokens ?? Math.Min(defaultMaxTokens ?? room, room),
            ParseStop(dto.Stop),
            dto.StopTokenIds,
            dto.IgnoreEos ?? false,
            logprobs,
            ParseLogitBias(dto.LogitBias),
            grammar);
        return new GenerationRequest(promptTokenIds, samplingParams, n, stream, stream && (dto.StreamOptions?.IncludeUsage ?? false), dto.Timeout, dto.MaxQueueTime);
    }

    /// <summary>Throws a 400 about <paramref name="param"/> unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string param, string message, string? code = null)
    {
        if (!condition)
        {
            throw ApiException.BadRequest(message, param, code);
        }
    }

    /// <summary>logit_bias: an object whose keys are token ids in [0, vocab) and whose values are numbers in [-100, 100].</summary>
    private List<KeyValuePair<int, float>>? ParseLogitBias(JsonElement? logitBias)
    {
        const string param = "logit_bias";
        if (logitBias is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        Require(element.ValueKind == JsonValueKind.Object, param, "logit_bias must be an object mapping token ids to biases in [-100, 100]");
        var biases = new List<KeyValuePair<int, float>>();
        foreach (var entry in element.EnumerateObject())
        {
            Require(
                int.TryParse(entry.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id < vocabSize,
                param,
                $"logit_bias key '{entry.Name}' is not a token id in [0, {vocabSize})");
            Require(
                entry.Value.ValueKind == JsonValueKind.Number && entry.Value.TryGetDouble(out var bias) && bias is >= -100 and <= 100,
                param,
                $"logit_bias['{entry.Name}'] must be a number in [-100, 100], got {entry.Value.GetRawText()}");
            biases.Add(new(id, (float)entry.Value.GetDouble()));
        }

        return biases.Count == 0 ? null : biases;
    }

    private List<string>? ParseStop(JsonElement? stop)
    {
        if (stop is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var stops = new List<string>();
        if (element.ValueKind == JsonValueKind.String)
        {
            stops.Add(element.GetString()!);
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Require(item.ValueKind == JsonValueKind.String, "stop", "stop must be a string or an array of strings");
                stops.Add(item.GetString()!);
            }
        }
        else
        {
            throw ApiException.BadRequest("stop must be a string or an array of strings", "stop");
        }

        Require(stops.Count <= options.MaxStopStrings, "stop", $"at most {options.MaxStopStrings} stop strings are allowed, got {stops.Count}");
        Require(stops.TrueForAll(s => s.Length > 0), "stop", "stop strings must not be empty");
        return stops.Count == 0 ? null : stops;
    }
}
