namespace Sluice.Bench.Datasets;

/// <summary>
/// Token counts without the server's tokenizer. English text averages about four characters per token
/// with the BPE vocabularies of current models; each word of <see cref="WordList"/> is one token.
/// </summary>
public static class TokenEstimate
{
    /// <summary>Approximate characters per token for English text.</summary>
    public const double CharactersPerToken = 4.0;

    /// <summary>Estimated tokens of <paramref name="text"/>: characters / 4, rounded, at least 1 for non-empty text, 0 for empty.</summary>
    public static int FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? 0 : Math.Max(1, (int)Math.Round(text.Length / CharactersPerToken));
    }
}
