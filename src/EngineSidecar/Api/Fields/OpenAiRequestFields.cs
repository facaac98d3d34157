namespace Sluice.Engine.Api.Fields;

/// <summary>
/// The pinned list of request fields: every field of the OpenAI API reference's "Create chat completion" and
/// "Create completion" request bodies (as listed on 2026-12-02), the fields of a chat message and of
/// <c>stream_options</c>, plus the engine's documented extensions. A field not in these lists is a 400 naming it.
/// docs/api.md documents each entry; the field-walk test sends every one of them.
/// </summary>
public static class OpenAiRequestFields
{
    /// <summary>Engine extensions shared by both endpoints (vLLM names).</summary>
    private static readonly FieldRule[] Extensions =
    [
        new("top_k", FieldSupport.Extension, "keep the k most likely tokens; -1 or 0 is off"),
        new("min_p", FieldSupport.Extension, "drop tokens below min_p times the top probability"),
        new("repetition_penalty", FieldSupport.Extension, "divide positive (multiply negative) logits of seen tokens; 1 is off"),
        new("stop_token_ids", FieldSupport.Extension, "extra token ids that end a sequence"),
        new("ignore_eos", FieldSupport.Extension, "keep generating after EOS"),
        new("timeout", FieldSupport.Extension, "seconds from arrival after which the request ends with finish_reason \"timeout\""),
        new("max_queue_time", FieldSupport.Extension, "seconds the request may wait for its first scheduling; then 429 with Retry-After"),
    ];

    /// <summary>Fields of <c>POST /v1/chat/completions</c>.</summary>
    public static IReadOnlyList<FieldRule> Chat { get; } =
    [
        new("messages", FieldSupport.Implemented, "rendered by the model's chat template"),
        new("model", FieldSupport.Implemented, "must be the served model id (404 otherwise)"),
        new("audio", FieldSupport.Refused, "audio output is not supported"),
        new("frequency_penalty", FieldSupport.Implemented, "[-2, 2]"),
        new("function_call", FieldSupport.Refused, "function calling is not supported"),
        new("functions", FieldSupport.Refused, "function calling is not supported"),
        new("logit_bias", FieldSupport.Implemented, "token id to bias in [-100, 100], added to the logits before sampling"),
        new("logprobs", FieldSupport.Implemented, "log-probability of each output token"),
        new("max_completion_tokens", FieldSupport.Implemented, "output length cap; wins over max_tokens"),
        new("max_tokens", FieldSupport.Implemented, "output length cap"),
        new("metadata", FieldSupport.NoOp, "nothing is stored on a self-hosted server"),
        new("modalities", FieldSupport.Implemented, "only [\"text\"]; anything else is a 400"),
        new("n", FieldSupport.Implemented, "number of choices"),
        new("parallel_tool_calls", FieldSupport.Implemented, "true or null (the default): tool_choice auto or required may make 1 to 16 calls per choice; false: one at most; a named tool_choice always makes one"),
        new("prediction", FieldSupport.Refused, "predicted outputs are not supported"),
        new("presence_penalty", FieldSupport.Implemented, "[-2, 2]"),
        new("prompt_cache_key", FieldSupport.NoOp, "prefix caching is automatic; the key changes no output"),
        new("prompt_cache_retention", FieldSupport.NoOp, "prefix caching is automatic (LRU); the retention changes no output"),
        new("reasoning_effort", FieldSupport.Refused, "the served model is not a reasoning model"),
        new("response_format", FieldSupport.Implemented, "text, json_object or json_schema, enforced by constrained decoding"),
        new("safety_identifier", FieldSupport.NoOp, "no abuse monitoring on a self-hosted server"),
        new("seed", FieldSupport.Implemented, "seeds the sampler"),
        new("service_tier", FieldSupport.NoOp, "one tier serves every request; the value changes nothing"),
        new("stop", FieldSupport.Implemented, "up to the configured number of stop strings"),
        new("store", FieldSupport.NoOp, "nothing is stored on a self-hosted server"),
        new("stream", FieldSupport.Implemented, "server-sent events"),
        new("stream_options", FieldSupport.Implemented, "include_usage"),
        new("temperature", FieldSupport.Implemented, "[0, 100]; 0 is greedy"),
        new("tool_choice", FieldSupport.Implemented, "none, auto, required or a named function; needs tools (400 otherwise)"),
        new("tools", FieldSupport.Implemented, "function tools rendered by the chat template, calls constrained to the parameters schema; 400 when the template does not render tools"),
        new("top_logprobs", FieldSupport.Implemented, "alternatives per token; needs logprobs"),
        new("top_p", FieldSupport.Implemented, "(0, 1]"),
        new("user", FieldSupport.NoOp, "no per-user accounting on a self-hosted server"),
        new("verbosity", FieldSupport.Refused, "the served model has no verbosity control"),
        new("web_search_options", FieldSupport.Refused, "web search is not supported"),
        .. Extensions,
    ];

    /// <summary>Fields of <c>POST /v1/completions</c>.</summary>
    public static IReadOnlyList<FieldRule> Completions { get; } =
    [
        new("model", FieldSupport.Implemented, "must be the served model id (404 otherwise)"),
        new("prompt", FieldSupport.Implemented, "a string, a one-element array of strings, or an array of token ids"),
        new("best_of", FieldSupport.Implemented, "only equal to n (then it is n); other values are a 400"),
        new("echo", FieldSupport.Refused, "echo is not supported"),
        new("frequency_penalty", FieldSupport.Implemented, "[-2, 2]"),
        new("logit_bias", FieldSupport.Implemented, "token id to bias in [-100, 100], added to the logits before sampling"),
        new("logprobs", FieldSupport.Implemented, "number of alternatives per token"),
        new("max_tokens", FieldSupport.Implemented, "output length cap; default 16"),
        new("n", FieldSupport.Implemented, "number of choices"),
        new("presence_penalty", FieldSupport.Implemented, "[-2, 2]"),
        new("seed", FieldSupport.Implemented, "seeds the sampler"),
        new("stop", FieldSupport.Implemented, "up to the configured number of stop strings"),
        new("stream", FieldSupport.Implemented, "server-sent events"),
        new("stream_options", FieldSupport.Implemented, "include_usage"),
        new("suffix", FieldSupport.Refused, "suffix (insertion) is not supported"),
        new("temperature", FieldSupport.Implemented, "[0, 100]; 0 is greedy"),
        new("top_p", FieldSupport.Implemented, "(0, 1]"),
        new("user", FieldSupport.NoOp, "no per-user accounting on a self-hosted server"),
        .. Extensions,
    ];

    /// <summary>Fields of one chat message.</summary>
    public static IReadOnlyList<FieldRule> Message { get; } =
    [
        new("role", FieldSupport.Implemented, "system, developer, user, assistant or tool"),
        new("content", FieldSupport.Implemented, "a string or an array of text parts"),
        new("name", FieldSupport.Refused, "participant names are not passed to the chat template"),
        new("refusal", FieldSupport.Refused, "assistant refusals are not rendered by the chat template"),
        new("tool_calls", FieldSupport.Implemented, "an assistant message's earlier calls, rendered by the chat template"),
        new("tool_call_id", FieldSupport.Implemented, "a tool message's reference to the call it answers, rendered by the chat template"),
        new("function_call", FieldSupport.Refused, "function calling is not supported"),
        new("audio", FieldSupport.Refused, "audio is not supported"),
    ];

    /// <summary>Fields of <c>stream_options</c>.</summary>
    public static IReadOnlyList<FieldRule> StreamOptions { get; } =
    [
        new("include_usage", FieldSupport.Implemented, "a last chunk with empty choices carries the usage"),
        new("include_obfuscation", FieldSupport.NoOp, "no obfuscation padding is added; the streamed content is the same"),
    ];
}
