using System.Text.Json;

namespace Sluice.Engine.Model.Config;

/// <summary>Reads a Hugging Face <c>config.json</c> (transformers 4 and 5 layouts) into a <see cref="ModelConfig"/>.</summary>
public static class ModelConfigParser
{
    private static readonly Dictionary<string, ModelFamily> Architectures = new(StringComparer.Ordinal)
    {
        ["LlamaForCausalLM"] = ModelFamily.Llama,
        ["Qwen2ForCausalLM"] = ModelFamily.Qwen2,
        ["MistralForCausalLM"] = ModelFamily.Mistral,
        ["Phi3ForCausalLM"] = ModelFamily.Phi3,
    };

    /// <summary>Names of the supported HF architectures.</summary>
    public static IReadOnlyCollection<string> SupportedArchitectures => Architectures.Keys;

    /// <summary>Reads config.json (required) and generation_config.json (optional) from <paramref name="directory"/>.</summary>
    public static ModelConfig LoadDirectory(string directory)
    {
        var configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(configPath))
        {
            throw new ModelLoadException($"{configPath}: file not found (a model directory needs config.json)");
        }

        var generationPath = Path.Combine(directory, "generation_config.json");
        var generation = File.Exists(generationPath) ? File.ReadAllText(generationPath) : null;
        return Parse(File.ReadAllText(configPath), generation, configPath);
    }

    /// <summary>Parses config.json text; <paramref name="source"/> names the file in errors.</summary>
    public static ModelConfig Parse(string configJson, string? generationConfigJson, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(configJson);
            using var gen = generationConfigJson is null ? null : JsonDocument.Parse(generationConfigJson);
            return Build(doc.RootElement, gen?.RootElement, source);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{source}: invalid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new ModelLoadException($"{source}: unexpected value type: {e.Message}", e);
        }
    }

    private static ModelConfig Build(JsonElement root, JsonElement? generation, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ModelLoadException($"{source}: expected a JSON object");
        }

        var architecture = root.TryGetProperty("architectures", out var archs) && archs.ValueKind == JsonValueKind.Array && archs.GetArrayLength() > 0
            ? archs[0].GetString() ?? string.Empty
            : string.Empty;
        if (!Architectures.TryGetValue(architecture, out var family))
        {
            throw new ModelLoadException(
                $"{source}: unsupported architecture '{architecture}' (supported: {string.Join(", ", Architectures.Keys)})");
        }

        var hidden = RequiredInt(root, "hidden_size", source);
        var heads = RequiredInt(root, "num_attention_heads", source);
        var layers = RequiredInt(root, "num_hidden_layers", source);
        var headDim = OptionalInt(root, "head_dim") ?? (hidden / Math.Max(heads, 1));
        if (family == ModelFamily.Llama && OptionalBool(root, "mlp_bias") == true)
        {
            throw new ModelLoadException($"{source}: mlp_bias=true is not supported");
        }

        var activation = OptionalString(root, "hidden_act") ?? "silu";
        if (activation != "silu")
        {
            throw new ModelLoadException($"{source}: hidden_act '{activation}' is not supported (only silu)");
        }

        var attentionBias = family == ModelFamily.Llama && OptionalBool(root, "attention_bias") == true;
        var config = new ModelConfig
        {
            Architecture = architecture,
            Family = family,
            HiddenSize = hidden,
            IntermediateSize = RequiredInt(root, "intermediate_size", source),
            NumLayers = layers,
            NumHeads = heads,
            NumKvHeads = OptionalInt(root, "num_key_value_heads") ?? heads,
            HeadDim = headDim,
            VocabSize = RequiredInt(root, "vocab_size", source),
            MaxPositionEmbeddings = RequiredInt(root, "max_position_embeddings", source),
            RmsNormEps = (float)(OptionalDouble(root, "rms_norm_eps") ?? 1e-6),
            Rope = ParseRope(root, source),
            SlidingWindowPerLayer = SlidingWindows(root, family, layers),
            TieWordEmbeddings = OptionalBool(root, "tie_word_embeddings") ?? false,
            QkvBias = family == ModelFamily.Qwen2 || attentionBias,
            OutputBias = attentionBias,
            StoredDtype = OptionalString(root, "torch_dtype") ?? OptionalString(root, "dtype"),
            BosTokenId = (generation is { } g ? OptionalInt(g, "bos_token_id") : null) ?? OptionalInt(root, "bos_token_id"),
            EosTokenIds = (generation is { } g2 ? IntList(g2, "eos_token_id") : null) ?? IntList(root, "eos_token_id") ?? [],
        };
        config.Validate(source);
        return config;
    }

    private static RopeConfig ParseRope(JsonElement root, string source)
    {
        // transformers 5 writes rope_parameters {rope_type, rope_theta, ...}; 4.x wrote rope_theta + rope_scaling.
        var parameters = root.TryGetProperty("rope_parameters", out var rp) && rp.ValueKind == JsonValueKind.Object ? rp : (JsonElement?)null;
        var scaling = root.TryGetProperty("rope_scaling", out var rs) && rs.ValueKind == JsonValueKind.Object ? rs : parameters;
        var theta = (parameters is { } p ? OptionalDouble(p, "rope_theta") : null) ?? OptionalDouble(root, "rope_theta") ?? 10000.0;
        var partial = (parameters is { } p2 ? OptionalDouble(p2, "partial_rotary_factor") : null)
            ?? OptionalDouble(root, "partial_rotary_factor") ?? 1.0;
        if (scaling is not { } s)
        {
            return new RopeConfig(theta, partial);
        }

        var type = OptionalString(s, "rope_type") ?? OptionalString(s, "type") ?? "default";
        return type switch
        {
            "default" => new RopeConfig(theta, partial),
            "linear" => new RopeConfig(theta, partial, RopeScalingType.Linear, RequiredDouble(s, "factor", source)),
            "llama3" => new RopeConfig(
                theta,
                partial,
                RopeScalingType.Llama3,
                RequiredDouble(s, "factor", source),
                RequiredDouble(s, "low_freq_factor", source),
                RequiredDouble(s, "high_freq_factor", source),
                (int)RequiredDouble(s, "original_max_position_embeddings", source)),
            _ => throw new ModelLoadException($"{source}: rope_type '{type}' is not supported (supported: default, linear, llama3)"),
        };
    }

    private static int[] SlidingWindows(JsonElement root, ModelFamily family, int layers)
    {
        var window = OptionalInt(root, "sliding_window") ?? 0;
        var enabled = family switch
        {
            ModelFamily.Mistral or ModelFamily.Phi3 => window > 0,
            ModelFamily.Qwen2 => window > 0 && OptionalBool(root, "use_sliding_window") == true,
            _ => false,
        };
        var result = new int[layers];
        if (root.TryGetProperty("layer_types", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() == layers)
        {
            for (var i = 0; i < layers; i++)
            {
                result[i] = enabled && types[i].GetString() == "sliding_attention" ? window : 0;
            }

            // transformers 5 lists full_attention for every layer of a Mistral/Phi3 model whose window applies to all.
            if (family is ModelFamily.Mistral or ModelFamily.Phi3 && enabled && result.All(w => w == 0))
            {
                Array.Fill(result, window);
            }

            return result;
        }

        if (family == ModelFamily.Qwen2 && enabled)
        {
            var fullLayers = OptionalInt(root, "max_window_layers") ?? layers;
            for (var i = fullLayers; i < layers; i++)
            {
                result[i] = window;
            }

            return result;
        }

        Array.Fill(result, enabled ? window : 0);
        return result;
    }

    private static int RequiredInt(JsonElement e, string name, string source) =>
        OptionalInt(e, name) ?? throw new ModelLoadException($"{source}: missing integer '{name}'");

    private static double RequiredDouble(JsonElement e, string name, string source) =>
        OptionalDouble(e, name) ?? throw new ModelLoadException($"{source}: missing number '{name}'");

    private static int? OptionalInt(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? (int)v.GetDouble() : null;

    private static double? OptionalDouble(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static bool? OptionalBool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int[]? IntList(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => [(int)v.GetDouble()],
            JsonValueKind.Array => v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => (int)x.GetDouble()).ToArray(),
            _ => null,
        };
    }
}
