using Sluice.Engine.Model;

namespace Sluice.Engine.Engine;

/// <summary>
/// Turns a growing list of token ids into text deltas. Decodes a short window that starts a few tokens
/// back (so tokenizers that depend on context, e.g. leading-space handling, decode correctly) and emits
/// only text that is complete: a delta that ends in U+FFFD (a multi-byte character split across tokens)
/// is held until the following tokens complete it.
/// </summary>
public sealed class IncrementalDetokenizer
{
    private const int ContextTokens = 5;
    private readonly ITokenizer _tokenizer;
    private int _prefixOffset;
    private int _readOffset;

    /// <param name="numPromptTokens">Tokens before the first output token; up to five of them give context.</param>
    public IncrementalDetokenizer(ITokenizer tokenizer, int numPromptTokens)
    {
        _tokenizer = tokenizer;
        _prefixOffset = Math.Max(0, numPromptTokens - ContextTokens);
        _readOffset = numPromptTokens;
    }

    /// <summary>Returns the new complete text after tokens were appended to <paramref name="tokenIds"/>.</summary>
    public string Next(IReadOnlyList<int> tokenIds)
    {
        var prefixText = Decode(tokenIds, _prefixOffset, _readOffset);
        var fullText = Decode(tokenIds, _prefixOffset, tokenIds.Count);
        if (fullText.Length <= prefixText.Length || fullText.EndsWith('\uFFFD') || !fullText.StartsWith(prefixText, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        _prefixOffset = _readOffset;
        _readOffset = tokenIds.Count;
        return fullText[prefixText.Length..];
    }

    /// <summary>Returns whatever text is still held back (possibly ending in U+FFFD) when the sequence ends.</summary>
    public string Flush(IReadOnlyList<int> tokenIds)
    {
        var prefixText = Decode(tokenIds, _prefixOffset, _readOffset);
        var fullText = Decode(tokenIds, _prefixOffset, tokenIds.Count);
        _prefixOffset = _readOffset = tokenIds.Count;
        return fullText.Length > prefixText.Length && fullText.StartsWith(prefixText, StringComparison.Ordinal)
            ? fullText[prefixText.Length..]
            : string.Empty;
    }

    private string Decode(IReadOnlyList<int> tokenIds, int start, int end)
    {
        if (end <= start)
        {
            return string.Empty;
        }

        var window = new int[end - start];
        for (var i = start; i < end; i++)
        {
            window[i - start] = tokenIds[i];
        }

        return _tokenizer.Decode(window, skipSpecialTokens: true);
    }
}
