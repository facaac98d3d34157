using System.Text.Json;
using Sluice.Engine.Model.Tokenization.Bpe;
using Sluice.Engine.Model.Tokenization.Decoders;
using Sluice.Engine.Model.Tokenization.Normalizers;
using Sluice.Engine.Model.Tokenization.PostProcessors;
using Sluice.Engine.Model.Tokenization.PreTokenizers;
using Sluice.Engine.Model.Tokenization.Unicode;

namespace Sluice.Engine.Model.Tokenization;

/// <summary>
/// A Hugging Face tokenizer.json (BPE model: byte-level like GPT-2/Llama-3/Qwen2, or SentencePiece-style
/// with byte fallback like Llama-2/Mistral/Phi-3), encoding and decoding as the <c>tokenizers</c> library
/// does: added tokens → normalizer → pre-tokenizer → BPE → post-processor; decode through the decoder chain.
/// Thread-safe.
/// </summary>
public sealed class HfTokenizer : ITokenizer
{
    private readonly BpeModel _model;
    private readonly AddedVocabulary _added;
    private readonly INormalizer? _normalizer;
    private readonly IPreTokenizer? _preTokenizer;
    private readonly IPostProcessor? _postProcessor;
    private readonly ITokenDecoder? _decoder;
    private readonly string?[] _idToToken;
    private readonly Dictionary<string, int> _addedByContent;
    private readonly bool _byteLevel;

    private HfTokenizer(JsonElement root, SpecialTokenConfig config)
    {
        _model = TokenizerJsonReader.ReadModel(TokenizerJsonReader.Required(root, "model", "tokenizer.json"));
        _normalizer = root.TryGetProperty("normalizer", out var n) ? TokenizerJsonReader.ReadNormalizer(n) : null;
        _preTokenizer = root.TryGetProperty("pre_tokenizer", out var p) ? TokenizerJsonReader.ReadPreTokenizer(p) : null;
        _decoder = root.TryGetProperty("decoder", out var d) ? TokenizerJsonReader.ReadDecoder(d) : null;
        _byteLevel = d.ValueKind == JsonValueKind.Object && d.GetRawText().Contains("\"ByteLevel\"", StringComparison.Ordinal);

        var addedTokens = new List<AddedToken>();
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in added.EnumerateArray())
            {
                addedTokens.Add(new AddedToken(
                    TokenizerJsonReader.Required(t, "id", "added_tokens[]").GetInt32(),
                    TokenizerJsonReader.RequiredString(t, "content", "added_tokens[]"),
                    TokenizerJsonReader.OptionalBool(t, "single_word"),
                    TokenizerJsonReader.OptionalBool(t, "lstrip"),
                    TokenizerJsonReader.OptionalBool(t, "rstrip"),
                    TokenizerJsonReader.OptionalBool(t, "normalized", true),
                    TokenizerJsonReader.OptionalBool(t, "special")));
            }
        }

        _added = new AddedVocabulary(addedTokens, _normalizer);
        _addedByContent = addedTokens.GroupBy(t => t.Content, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);

        var maxId = Math.Max(_model.Vocab.Count == 0 ? -1 : _model.Vocab.Values.Max(), addedTokens.Count == 0 ? -1 : addedTokens.Max(t => t.Id));
        _idToToken = new string?[maxId + 1];
        foreach (var (token, id) in _model.Vocab)
        {
            _idToToken[id] = token;
        }

        // Decoding sees a normalized added token in its normalized form, so the decoder can undo it (▁ → space).
        foreach (var token in addedTokens)
        {
            _idToToken[token.Id] = token.Normalized && _normalizer is not null ? _normalizer.Normalize(token.Content) : token.Content;
        }

        _postProcessor = root.TryGetProperty("post_processor", out var pp)
            ? TokenizerJsonReader.ReadPostProcessor(pp, name => TokenToId(name) ?? throw new TokenizerLoadException($"post_processor token '{name}' is unknown"))
            : null;

        BosTokenId = config.BosToken is null ? null : TokenToId(config.BosToken);
        var eosIds = config.EosTokenIds.ToList();
        if (eosIds.Count == 0 && config.EosToken is not null && TokenToId(config.EosToken) is { } eos)
        {
            eosIds.Add(eos);
        }

        EosTokenIds = eosIds;
    }

    /// <inheritdoc/>
    public int VocabSize => _idToToken.Length;

    /// <inheritdoc/>
    public int? BosTokenId { get; }

    /// <inheritdoc/>
    public IReadOnlyList<int> EosTokenIds { get; }

    /// <summary>
    /// Loads tokenizer.json from <paramref name="modelDirectory"/>, with tokenizer_config.json (bos/eos tokens)
    /// and generation_config.json or config.json (eos_token_id) when present.
    /// </summary>
    /// <exception cref="TokenizerLoadException">The files are missing, malformed or use an unsupported feature.</exception>
    public static HfTokenizer Load(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, "tokenizer.json");
        if (!File.Exists(path))
        {
            throw new TokenizerLoadException($"{path} does not exist");
        }

        var config = SpecialTokenConfig.Read(modelDirectory);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return new HfTokenizer(document.RootElement, config);
        }
        catch (JsonException e)
        {
            throw new TokenizerLoadException($"{path} is not valid JSON: {e.Message}", e);
        }
        catch (TokenizerLoadException e)
        {
            throw new TokenizerLoadException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The id of token <paramref name="token"/> (added tokens first), or null.</summary>
    public int? TokenToId(string token) =>
        _addedByContent.TryGetValue(token, out var added) ? added : _model.Vocab.TryGetValue(token, out var id) ? id : null;

    /// <inheritdoc/>
    public int[] Encode(string text, bool addSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        var rawSegments = new List<TextSegment>();
        var normalizedSegments = new List<TextSegment>();
        var words = new List<PreToken>();
        _added.SplitRaw(text, rawSegments);
        foreach (var raw in rawSegments)
        {
            if (raw.TokenId >= 0)
            {
                ids.Add(raw.TokenId);
                continue;
            }

            var normalized = _normalizer?.Normalize(raw.Text) ?? raw.Text;
            normalizedSegments.Clear();
            _added.SplitNormalized(normalized, normalizedSegments);
            foreach (var segment in normalizedSegments)
            {
                if (segment.TokenId >= 0)
                {
                    ids.Add(segment.TokenId);
                    continue;
                }

                words.Clear();
                var piece = new PreToken(segment.Text, raw.Start == 0 && segment.Start == 0);
                if (_preTokenizer is null)
                {
                    words.Add(piece);
                }
                else
                {
                    _preTokenizer.PreTokenize(piece, words);
                }

                foreach (var word in words)
                {
                    _model.Tokenize(word.Text, ids);
                }
            }
        }

        if (addSpecialTokens && _postProcessor is not null)
        {
            ids = _postProcessor.AddSpecialTokens(ids);
        }

        return [.. ids];
    }

    /// <inheritdoc/>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            if (id < 0 || id >= _idToToken.Length || _idToToken[id] is not { } token)
            {
                continue;
            }

            if (skipSpecialTokens && _added.Find(id) is { Special: true })
            {
                continue;
            }

            tokens.Add(token);
        }

        return _decoder is null ? string.Join(' ', tokens) : string.Concat(_decoder.DecodeChain(tokens));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Byte-level vocabularies map each character back to its byte; SentencePiece vocabularies give &lt;0xNN&gt; its byte and
    /// ▁ a space (a leading space the Strip decoder would drop at the start of a text is kept).
    /// </remarks>
    public byte[]? TokenBytes(int id)
    {
        if (id < 0 || id >= _idToToken.Length || _idToToken[id] is not { Length: > 0 } token || _added.Find(id) is { Special: true })
        {
            return null;
        }

        if (_byteLevel)
        {
            var bytes = new byte[token.Length];
            for (var i = 0; i < token.Length; i++)
            {
                if (!ByteLevelAlphabet.TryGetByte(token[i], out bytes[i]))
                {
                    return System.Text.Encoding.UTF8.GetBytes(token);
                }
            }

            return bytes;
        }

        return ByteFallbackDecoder.TryParseByteToken(token, out var value)
            ? [value]
            : System.Text.Encoding.UTF8.GetBytes(token.Replace('\u2581', ' '));
    }
}
