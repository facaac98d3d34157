using System.Text.Json;

namespace Sluice.Engine.Model.Quantization;

/// <summary>
/// Reads config.json's <c>quantization_config</c>. Accepted: <c>awq</c> (4 bits, group 128, GEMM layout, zero points),
/// <c>gptq</c> (4 bits, group 128, checkpoint_format gptq = v1 zeros − 1 or gptq_v2, desc_act allowed) and
/// <c>compressed-tensors</c> with one scheme for all Linear layers: fp8 e4m3 weights (strategy channel or tensor) with
/// dynamic per-token or static per-tensor activations (format float-quantized or naive-quantized), or int8 symmetric
/// per-channel weight-only (W8A16: format pack-quantized, naive-quantized or int-quantized), either with an optional
/// kv_cache_scheme of static per-tensor fp8 (per-layer k_scale / v_scale tensors). Anything else throws
/// <see cref="ModelLoadException"/> saying what is unsupported.
/// </summary>
public static class CheckpointQuantizationParser
{
    /// <summary>The quantization of the checkpoint whose config.json is at <paramref name="configPath"/>.</summary>
    public static CheckpointQuantization Load(string configPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(configPath));
        return doc.RootElement.TryGetProperty("quantization_config", out var q) && q.ValueKind == JsonValueKind.Object
            ? Parse(q, configPath)
            : CheckpointQuantization.None;
    }

    /// <summary>Parses one quantization_config object; <paramref name="where"/> names the file in messages.</summary>
    public static CheckpointQuantization Parse(JsonElement q, string where)
    {
        var method = String(q, "quant_method") ?? throw new ModelLoadException($"{where}: quantization_config has no quant_method");
        if (method != "compressed-tensors" && q.TryGetProperty("kv_cache_scheme", out var kv) && kv.ValueKind != JsonValueKind.Null)
        {
            throw new ModelLoadException($"{where}: kv_cache_scheme is read only from compressed-tensors checkpoints (this one is {method})");
        }

        return method switch
        {
            "awq" => Awq(q, where),
            "gptq" => Gptq(q, where),
            "compressed-tensors" => CompressedTensors(q, where),
            _ => throw new ModelLoadException($"{where}: unknown quant_method '{method}' (supported: awq, gptq, compressed-tensors)"),
        };
    }

    private static CheckpointQuantization Awq(JsonElement q, string where)
    {
        RequireBits(q, where, "awq", 4, "bits", "w_bit");
        RequireGroup(q, where, "awq", "group_size", "q_group_size");
        var version = (String(q, "version") ?? "gemm").ToLowerInvariant();
        if (version != "gemm")
        {
            throw new ModelLoadException($"{where}: awq version '{version}' is not supported (only the GEMM layout)");
        }

        if (q.TryGetProperty("zero_point", out var zp) && zp.ValueKind == JsonValueKind.False)
        {
            throw new ModelLoadException($"{where}: awq without zero points (zero_point false) is not supported");
        }

        return new CheckpointQuantization { Mode = QuantizationMode.Int4Awq, Method = "awq" };
    }

    private static CheckpointQuantization Gptq(JsonElement q, string where)
    {
        RequireBits(q, where, "gptq", 4, "bits");
        RequireGroup(q, where, "gptq", "group_size");
        var format = String(q, "checkpoint_format") ?? "gptq";
        if (format is not ("gptq" or "gptq_v2"))
        {
            throw new ModelLoadException($"{where}: gptq checkpoint_format '{format}' is not supported (gptq, gptq_v2)");
        }

        return new CheckpointQuantization { Mode = QuantizationMode.Int4Gptq, Method = "gptq", ZerosMinusOne = format == "gptq" };
    }

    private static CheckpointQuantization CompressedTensors(JsonElement q, string where)
    {
        if (!q.TryGetProperty("config_groups", out var groups) || groups.ValueKind != JsonValueKind.Object)
        {
            throw new ModelLoadException($"{where}: compressed-tensors quantization_config has no config_groups");
        }

        var schemes = groups.EnumerateObject().Select(g => g.Value).ToList();
        if (schemes.Count != 1)
        {
            throw new ModelLoadException($"{where}: compressed-tensors with {schemes.Count} config_groups is not supported (one scheme for all Linear layers)");
        }

        var scheme = schemes[0];
        var format = String(scheme, "format") ?? String(q, "format") ?? "naive-quantized";
        var ignore = q.TryGetProperty("ignore", out var ig) && ig.ValueKind == JsonValueKind.Array
            ? ig.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
            : [];
        if (!scheme.TryGetProperty("weights", out var weights) || weights.ValueKind != JsonValueKind.Object)
        {
            throw new ModelLoadException($"{where}: compressed-tensors scheme has no weights section");
        }

        var bits = Int(weights, "num_bits");
        var type = String(weights, "type") ?? "int";
        var strategy = String(weights, "strategy") ?? "tensor";
        var inputs = scheme.TryGetProperty("input_activations", out var ia) && ia.ValueKind == JsonValueKind.Object ? ia : (JsonElement?)null;
        var describe = $"compressed-tensors {type}{bits} weights (strategy {strategy}, format {format})";
        if (type == "float" && bits == 8)
        {
            if (strategy is not ("channel" or "tensor"))
            {
                throw new ModelLoadException($"{where}: {describe}: only channel or tensor weight scales are supported");
            }

            if (inputs is not { } a)
            {
                throw new ModelLoadException($"{where}: {describe} without input_activations (fp8 weight-only) is not supported; fp8 here is W8A8");
            }

            var dynamic = a.TryGetProperty("dynamic", out var d) && d.ValueKind == JsonValueKind.True;
            var inputStrategy = String(a, "strategy") ?? "tensor";
            if (Int(a, "num_bits") != 8 || String(a, "type") != "float" || (dynamic ? inputStrategy != "token" : inputStrategy != "tensor"))
            {
                throw new ModelLoadException($"{where}: {describe}: activations must be fp8, dynamic per token or static per tensor (got {(dynamic ? "dynamic" : "static")} {inputStrategy})");
            }

            RequireFormat(where, describe, format, "float-quantized", "naive-quantized");
            return new CheckpointQuantization
            {
                Mode = QuantizationMode.Fp8,
                Method = "compressed-tensors",
                Format = format,
                StaticInputScale = !dynamic,
                Ignore = ignore,
                KvCacheScales = KvCacheScheme(q, where),
            };
        }

        if (type == "int" && bits == 8 && inputs is null)
        {
            var symmetric = !weights.TryGetProperty("symmetric", out var s) || s.ValueKind != JsonValueKind.False;
            if (strategy != "channel" || !symmetric)
            {
                throw new ModelLoadException($"{where}: {describe}: int8 needs symmetric per-channel weight scales");
            }

            RequireFormat(where, describe, format, "pack-quantized", "naive-quantized", "int-quantized");
            return new CheckpointQuantization
            {
                Mode = QuantizationMode.Int8,
                Method = "compressed-tensors",
                Format = format,
                Ignore = ignore,
                KvCacheScales = KvCacheScheme(q, where),
            };
        }

        throw new ModelLoadException($"{where}: {describe}{(inputs is null ? string.Empty : " with quantized activations")} is not supported " +
            "(supported: fp8 W8A8, int8 W8A16; for int4 use an AWQ or GPTQ export)");
    }

    // Whether a kv_cache_scheme is present (null or absent: no); anything but static per-tensor fp8 throws.
    private static bool KvCacheScheme(JsonElement q, string where)
    {
        if (!q.TryGetProperty("kv_cache_scheme", out var kv) || kv.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        var dynamic = kv.ValueKind == JsonValueKind.Object && kv.TryGetProperty("dynamic", out var d) && d.ValueKind == JsonValueKind.True;
        if (kv.ValueKind != JsonValueKind.Object || Int(kv, "num_bits") != 8 || String(kv, "type") != "float" || (String(kv, "strategy") ?? "tensor") != "tensor" || dynamic)
        {
            throw new ModelLoadException($"{where}: kv_cache_scheme {kv.GetRawText()} is not supported (only static per-tensor fp8: num_bits 8, type float, strategy tensor, dynamic false)");
        }

        return true;
    }

    private static void RequireFormat(string where, string describe, string format, params string[] accepted)
    {
        if (!accepted.Contains(format))
        {
            throw new ModelLoadException($"{where}: {describe}: format '{format}' is not supported ({string.Join(", ", accepted)})");
        }
    }

    private static void RequireBits(JsonElement q, string where, string method, int wanted, params string[] keys)
    {
        var bits = keys.Select(k => Int(q, k)).FirstOrDefault(b => b is not null);
        if (bits != wanted)
        {
            throw new ModelLoadException($"{where}: {method} with {bits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} bits is not supported (only {wanted})");
        }
    }

    private static void RequireGroup(JsonElement q, string where, string method, params string[] keys)
    {
        var group = keys.Select(k => Int(q, k)).FirstOrDefault(g => g is not null);
        if (group != QuantizedTensor.GroupSize)
        {
            throw new ModelLoadException($"{where}: {method} group size {group?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} is not supported (the int4 kernels need {QuantizedTensor.GroupSize})");
        }
    }

    private static string? String(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;
}
