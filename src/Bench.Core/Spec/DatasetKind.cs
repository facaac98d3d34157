namespace Sluice.Bench.Spec;

/// <summary>Where prompts come from.</summary>
public enum DatasetKind
{
    /// <summary>Random common words: a fixed input length (≈ one token per word) and a fixed output length.</summary>
    Random,

    /// <summary>Prompts read from a JSON or JSONL file (ShareGPT <c>conversations</c>, dolly <c>instruction/context/response</c>, or <c>prompt</c>).</summary>
    File,
}
