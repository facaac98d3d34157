using System.Text.Json;
using Sluice.Engine.Model.Tokenization.Bpe;
using Sluice.Engine.Model.Tokenization.Decoders;
using Sluice.Engine.Model.Tokenization.Normalizers;
using Sluice.Engine.Model.Tokenization.PostProcessors;
using Sluice.Engine.Model.Tokenization.PreTokenizers;
using Sluice.Engine.Model.Tokenization.Unicode;

namespace Sluice.Engine.Model.Tokenization;

/// <summary>Builds the pipeline parts from the sections of a tokenizer.json; unknown types are a <see cref="TokenizerLoadException"/>.</summary>
internal static class TokenizerJsonReader
{
    public static BpeModel ReadModel(JsonElement model)
    {
        var type = OptionalString(model, "type") ?? "BPE";
        if (type != "BPE")
        {
            throw new TokenizerLoadException($"tokenizer model type '{type}' is not supported (only BPE)");
        }

        foreach (var unsupported in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (OptionalString(model, unsupported) is { Length: > 0 } value)
            {
                throw new TokenizerLoadException($"BPE {unsupported} '{value}' is not supported");
            }
        }

        if (model.TryGetProperty("dropout", out var dropout) && dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() > 0)
        {
            throw new TokenizerLoadException("BPE dropout is not supported for inference");
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in Required(model, "vocab", "model").EnumerateObject())
        {
            vocab[entry.Name] = entry.Value.GetInt32();
        }

        var merges = new List<(string, string)>();
        foreach (var merge in Required(model, "merges", "model").EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.String)
            {
                var text = merge.GetString()!;
                var space = text.IndexOf(' ', StringComparison.Ordinal);
                if (space <= 0)
                {
                    throw new TokenizerLoadException($"BPE merge '{text}' is not of the form 'left right'");
                }

                merges.Add((text[..space], text[(space + 1)..]));
            }
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2)
            {
                merges.Add((merge[0].GetString()!, merge[1].GetString()!));
            }
            else
            {
                throw new TokenizerLoadException($"BPE merge {merge.GetRawText()} is neither \"a b\" nor [\"a\", \"b\"]");
            }
        }

        return new BpeModel(vocab, merges, OptionalString(model, "unk_token"), OptionalBool(model, "fuse_unk"),
            OptionalBool(model, "byte_fallback"), OptionalBool(model, "ignore_merges"));
    }

    public static INormalizer? ReadNormalizer(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var type = RequiredString(element, "type", "normalizer");
        return type switch
        {
            "Sequence" => new SequenceNormalizer([.. Required(element, "normalizers", type).EnumerateArray().Select(ReadNormalizer).OfType<INormalizer>()]),
            "NFC" => new UnicodeFormNormalizer(compose: true),
            "NFD" => new UnicodeFormNormalizer(compose: false),
            "Prepend" => new PrependNormalizer(RequiredString(element, "prepend", type)),
            "Replace" => ReadReplaceNormalizer(element),
            "Lowercase" => new LowercaseNormalizer(),
            "Strip" => new StripNormalizer(OptionalBool(element, "strip_left"), OptionalBool(element, "strip_right")),
            _ => throw new TokenizerLoadException($"normalizer type '{type}' is not supported"),
        };
    }

    public static IPreTokenizer? ReadPreTokenizer(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var type = RequiredString(element, "type", "pre_tokenizer");
        switch (type)
        {
            case "Sequence":
                return new SequencePreTokenizer([.. Required(element, "pretokenizers", type).EnumerateArray().Select(ReadPreTokenizer).OfType<IPreTokenizer>()]);
            case "ByteLevel":
                return new ByteLevelPreTokenizer(OptionalBool(element, "add_prefix_space"), OptionalBool(element, "use_regex", true));
            case "Split":
                {
                    var (literal, regex) = ReadPattern(element);
                    var pattern = new UnicodeRegex(literal is not null ? System.Text.RegularExpressions.Regex.Escape(literal) : regex!);
                    return new SplitPreTokenizer(pattern, ReadBehavior(RequiredString(element, "behavior", type)), OptionalBool(element, "invert"));
                }

            case "Metaspace":
                return new MetaspacePreTokenizer(ReadReplacement(element), ReadPrependScheme(element), OptionalBool(element, "split", true));
            case "Digits":
                return new DigitsPreTokenizer(OptionalBool(element, "individual_digits"));
            default:
                throw new TokenizerLoadException($"pre_tokenizer type '{type}' is not supported");
        }
    }

    public static ITokenDecoder? ReadDecoder(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var type = RequiredString(element, "type", "decoder");
        switch (type)
        {
            case "Sequence":
                return new SequenceDecoder([.. Required(element, "decoders", type).EnumerateArray().Select(ReadDecoder).OfType<ITokenDecoder>()]);
            case "ByteLevel":
                return new ByteLevelDecoder();
            case "ByteFallback":
                return new ByteFallbackDecoder();
            case "Fuse":
                return new FuseDecoder();
            case "Strip":
                {
                    var content = RequiredString(element, "content", type);
                    if (content.Length != 1)
                    {
                        throw new TokenizerLoadException($"Strip decoder content '{content}' must be one character");
                    }

                    return new StripDecoder(content[0], Required(element, "start", type).GetInt32(), Required(element, "stop", type).GetInt32());
                }

            case "Replace":
                {
                    var (literal, regex) = ReadPattern(element);
                    return new ReplaceDecoder(literal, regex is null ? null : new UnicodeRegex(regex), RequiredString(element, "content", type));
                }

            case "Metaspace":
                return new MetaspaceDecoder(ReadReplacement(element), ReadPrependScheme(element));
            default:
                throw new TokenizerLoadException($"decoder type '{type}' is not supported");
        }
    }

    /// <summary>Reads a post-processor; <paramref name="tokenToId"/> resolves special token names for Roberta/Bert processors.</summary>
    public static IPostProcessor? ReadPostProcessor(JsonElement element, Func<string, int> tokenToId)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var type = RequiredString(element, "type", "post_processor");
        switch (type)
        {
            case "Sequence":
                return new SequencePostProcessor([.. Required(element, "processors", type).EnumerateArray()
                    .Select(p => ReadPostProcessor(p, tokenToId)).OfType<IPostProcessor>()]);
            case "ByteLevel":
                return null; // only trims offsets; ids are unchanged
            case "TemplateProcessing":
                {
                    var specials = new Dictionary<string, int[]>(StringComparer.Ordinal);
                    foreach (var entry in Required(element, "special_tokens", type).EnumerateObject())
                    {
                        specials[entry.Name] = [.. Required(entry.Value, "ids", entry.Name).EnumerateArray().Select(id => id.GetInt32())];
                    }

                    var pieces = new List<int[]?>();
                    foreach (var piece in Required(element, "single", type).EnumerateArray())
                    {
                        if (piece.TryGetProperty("Sequence", out _))
                        {
                            pieces.Add(null);
                        }
                        else if (piece.TryGetProperty("SpecialToken", out var special))
                        {
                            var name = RequiredString(special, "id", "SpecialToken");
                            pieces.Add(specials.TryGetValue(name, out var ids)
                                ? ids
                                : throw new TokenizerLoadException($"TemplateProcessing uses special token '{name}' missing from its special_tokens"));
                        }
                    }

                    return new TemplatePostProcessor(pieces);
                }

            case "RobertaProcessing":
            case "BertProcessing":
                {
                    var cls = Required(element, "cls", type);
                    var sep = Required(element, "sep", type);
                    return new TemplatePostProcessor([[cls[1].GetInt32()], null, [sep[1].GetInt32()]]);
                }

            default:
                throw new TokenizerLoadException($"post_processor type '{type}' is not supported");
        }
    }

    internal static JsonElement Required(JsonElement element, string name, string owner) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new TokenizerLoadException($"tokenizer.json: '{owner}' has no '{name}'");

    internal static string RequiredString(JsonElement element, string name, string owner) =>
        Required(element, name, owner) is { ValueKind: JsonValueKind.String } value
            ? value.GetString()!
            : throw new TokenizerLoadException($"tokenizer.json: '{owner}.{name}' is not a string");

    internal static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static bool OptionalBool(JsonElement element, string name, bool fallback = false) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : fallback;

    private static ReplaceNormalizer ReadReplaceNormalizer(JsonElement element)
    {
        var (literal, regex) = ReadPattern(element);
        var content = RequiredString(element, "content", "Replace");
        return literal is not null ? ReplaceNormalizer.ForLiteral(literal, content) : ReplaceNormalizer.ForRegex(regex!, content);
    }

    private static (string? Literal, string? Regex) ReadPattern(JsonElement element)
    {
        var pattern = Required(element, "pattern", RequiredString(element, "type", "pattern owner"));
        if (pattern.TryGetProperty("String", out var literal))
        {
            return (literal.GetString(), null);
        }

        if (pattern.TryGetProperty("Regex", out var regex))
        {
            return (null, regex.GetString());
        }

        throw new TokenizerLoadException($"pattern {pattern.GetRawText()} is neither String nor Regex");
    }

    private static SplitBehavior ReadBehavior(string behavior) => behavior switch
    {
        "Removed" => SplitBehavior.Removed,
        "Isolated" => SplitBehavior.Isolated,
        "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
        "MergedWithNext" => SplitBehavior.MergedWithNext,
        "Contiguous" => SplitBehavior.Contiguous,
        _ => throw new TokenizerLoadException($"split behavior '{behavior}' is not supported"),
    };

    private static char ReadReplacement(JsonElement element)
    {
        var replacement = OptionalString(element, "replacement") ?? "\u2581";
        return replacement.Length == 1 ? replacement[0] : throw new TokenizerLoadException($"Metaspace replacement '{replacement}' must be one character");
    }

    private static PrependScheme ReadPrependScheme(JsonElement element)
    {
        var scheme = OptionalString(element, "prepend_scheme");
        if (scheme is null)
        {
            return OptionalBool(element, "add_prefix_space", true) ? PrependScheme.Always : PrependScheme.Never;
        }

        return scheme switch
        {
            "always" => PrependScheme.Always,
            "first" => PrependScheme.First,
            "never" => PrependScheme.Never,
            _ => throw new TokenizerLoadException($"Metaspace prepend_scheme '{scheme}' is not supported"),
        };
    }
}
