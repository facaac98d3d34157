namespace Sluice.Engine.Model.Tokenization;

/// <summary>
/// Turns a stream of generated ids into text deltas for streaming responses. Each step decodes a short
/// window twice (without and with the new ids) and emits the difference, so decoders that strip a leading
/// space or drop a first ▁ treat both the same way; text ending in an incomplete UTF-8 sequence (U+FFFD)
/// is held back until the next id completes it. The concatenated deltas plus <see cref="Flush"/> equal
/// <c>Decode(context + ids)</c> minus <c>Decode(context)</c> for the tokenizers of this engine. Not thread-safe.
/// </summary>
public sealed class IncrementalDetokenizer
{
    private readonly ITokenizer _tokenizer;
    private readonly bool _skipSpecialTokens;
    private readonly List<int> _ids;
    private int _prefixOffset;
    private int _readOffset;

    /// <param name="contextIds">Ids before the generated ones (e.g. the prompt's tail); they give the first deltas their leading spaces but are never emitted.</param>
    public IncrementalDetokenizer(ITokenizer tokenizer, bool skipSpecialTokens, IReadOnlyList<int>? contextIds = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
        _skipSpecialTokens = skipSpecialTokens;
        _ids = contextIds is null ? [] : [.. contextIds.Skip(Math.Max(0, contextIds.Count - 6))];
        _prefixOffset = 0;
        _readOffset = _ids.Count;
    }

    /// <summary>Adds one generated id; returns the text it completes (possibly empty).</summary>
    public string Append(int id)
    {
        _ids.Add(id);
        var prefixText = Decode(_prefixOffset, _readOffset);
        var fullText = Decode(_prefixOffset, _ids.Count);
        if (fullText.Length <= prefixText.Length || fullText.EndsWith('\uFFFD'))
        {
            return string.Empty;
        }

        _prefixOffset = _readOffset;
        _readOffset = _ids.Count;
        return fullText[prefixText.Length..];
    }

    /// <summary>Text still held back (an incomplete character at the end of generation), decoded as is.</summary>
    public string Flush()
    {
        var prefixText = Decode(_prefixOffset, _readOffset);
        var fullText = Decode(_prefixOffset, _ids.Count);
        _prefixOffset = _readOffset;
        _readOffset = _ids.Count;
        return fullText.Length > prefixText.Length ? fullText[prefixText.Length..] : string.Empty;
    }

    private string Decode(int start, int end) => _tokenizer.Decode(_ids.GetRange(start, end - start), _skipSpecialTokens);
}
