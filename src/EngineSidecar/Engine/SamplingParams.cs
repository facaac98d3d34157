namespace Sluice.Engine.Engine;

/// <summary>
/// How one request's tokens are chosen and when its sequences stop. Validated by the API layer
/// before it reaches the engine; the engine trusts these values.
/// </summary>
/// <param name="Temperature">0 means greedy (argmax); otherwise logits are divided by it.</param>
/// <param name="TopK">Keep only the k most likely tokens; -1 or 0 keeps all.</param>
/// <param name="TopP">Keep the smallest set of tokens whose probability mass reaches it; 1 keeps all.</param>
/// <param name="MinP">Drop tokens whose probability is below MinP times the most likely token's; 0 keeps all.</param>
/// <param name="PresencePenalty">Subtracted once from the logit of every token already generated.</param>
/// <param name="FrequencyPenalty">Subtracted from a token's logit once per time it was generated.</param>
/// <param name="RepetitionPenalty">Divides positive (multiplies negative) logits of tokens in the prompt or output; 1 is off.</param>
/// <param name="Seed">Seed of the per-request generator (sequence i uses Seed + i); null draws one at random.</param>
/// <param name="MaxTokens">Most tokens each sequence generates.</param>
/// <param name="StopStrings">Generation stops before any of these appear in the text; they are never emitted.</param>
/// <param name="StopTokenIds">Extra token ids that end a sequence (besides the tokenizer's EOS unless IgnoreEos).</param>
/// <param name="IgnoreEos">When true, EOS does not end a sequence.</param>
/// <param name="Logprobs">Null for none; otherwise the number of top alternatives reported per token (0 = only the chosen token).</param>
/// <param name="LogitBias">Token id → value added to its logit after the penalties and before sampling (greedy too); null for none.</param>
/// <param name="Grammar">Constrained decoding: every sequence's output is a prefix of a document of this grammar, ending with EOS once complete; null for free text.</param>
public sealed record SamplingParams(
    float Temperature = 1f,
    int TopK = -1,
    float TopP = 1f,
    float MinP = 0f,
    float PresencePenalty = 0f,
    float FrequencyPenalty = 0f,
    float RepetitionPenalty = 1f,
    long? Seed = null,
    int MaxTokens = 16,
    IReadOnlyList<string>? StopStrings = null,
    IReadOnlyList<int>? StopTokenIds = null,
    bool IgnoreEos = false,
    int? Logprobs = null,
    IReadOnlyList<KeyValuePair<int, float>>? LogitBias = null,
    Grammar.GrammarNode? Grammar = null)
{
    /// <summary>Temperatures below this are treated as greedy.</summary>
    public const float GreedyTemperature = 1e-5f;

    /// <summary>True when the argmax is taken.</summary>
    public bool IsGreedy => Temperature < GreedyTemperature;

    /// <summary>True when only the temperature and a grammar shape the choice, so a device sampler may pick the token under the grammar's mask.</summary>
    public bool IsPlainOrConstrained => (this with { Grammar = null }).IsPlain;

    /// <summary>True when only the temperature shapes the choice (no truncation, penalties, logprobs, bias or grammar), so a device sampler may pick the token.</summary>
    public bool IsPlain =>
        TopK <= 0 && TopP >= 1f && MinP <= 0f && PresencePenalty == 0f && FrequencyPenalty == 0f && RepetitionPenalty == 1f && Logprobs is null
        && LogitBias is null && Grammar is null;
}
