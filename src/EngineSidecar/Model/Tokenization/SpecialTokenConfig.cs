using System.Text.Json;

namespace Sluice.Engine.Model.Tokenization;

/// <summary>
/// The special-token facts of a model directory: bos/eos token strings from tokenizer_config.json and
/// eos_token_id from generation_config.json or config.json.
/// </summary>
/// <param name="BosToken">bos_token of tokenizer_config.json, or null.</param>
/// <param name="EosToken">eos_token of tokenizer_config.json, or null.</param>
/// <param name="EosTokenIds">eos_token_id of generation_config.json, else of config.json (int or list); empty when neither has one.</param>
/// <param name="Config">The parsed tokenizer_config.json (an empty object when the file is absent).</param>
internal sealed record SpecialTokenConfig(string? BosToken, string? EosToken, IReadOnlyList<int> EosTokenIds, JsonElement Config)
{
    public static SpecialTokenConfig Read(string modelDirectory)
    {
        var config = ReadJson(Path.Combine(modelDirectory, "tokenizer_config.json"));
        var eosIds = ReadEosIds(ReadJson(Path.Combine(modelDirectory, "generation_config.json")));
        if (eosIds.Count == 0)
        {
            eosIds = ReadEosIds(ReadJson(Path.Combine(modelDirectory, "config.json")));
        }

        return new SpecialTokenConfig(TokenText(config, "bos_token"), TokenText(config, "eos_token"), eosIds, config);
    }

    /// <summary>A special token entry, given as a string or as an AddedToken object with "content".</summary>
    public static string? TokenText(JsonElement config, string name)
    {
        if (config.ValueKind != JsonValueKind.Object || !config.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String => content.GetString(),
            _ => null,
        };
    }

    private static List<int> ReadEosIds(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("eos_token_id", out var eos))
        {
            return [];
        }

        return eos.ValueKind switch
        {
            JsonValueKind.Number => [eos.GetInt32()],
            JsonValueKind.Array => [.. eos.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt32())],
            _ => [],
        };
    }

    private static JsonElement ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            return JsonDocument.Parse("{}").RootElement;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new TokenizerLoadException($"{path} is not valid JSON: {e.Message}", e);
        }
    }
}
