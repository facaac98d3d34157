using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Model.Quantization;

/// <summary>Checked reads of <see cref="RawTensor"/>s: dtype and shape verified, errors name the tensor and file.</summary>
public static unsafe class RawTensors
{
    /// <summary>
    /// The raw tensor <paramref name="name"/> of <paramref name="source"/>; throws <see cref="ModelLoadException"/> when its
    /// dtype is not one of <paramref name="dtypes"/> or its shape is not <paramref name="shape"/> (null entries match any size).
    /// </summary>
    public static RawTensor Get(IWeightSource source, string name, string[] dtypes, params long?[] shape)
    {
        var raw = source.GetRaw(name);
        if (!dtypes.Contains(raw.Dtype))
        {
            throw new ModelLoadException($"{raw.File}: tensor '{name}' has dtype {raw.Dtype}, expected {string.Join(" or ", dtypes)}");
        }

        if (raw.Shape.Length != shape.Length || raw.Shape.Where((d, i) => shape[i] is { } want && want != d).Any())
        {
            throw new ModelLoadException(
                $"{raw.File}: tensor '{name}' has shape {raw.ShapeText}, expected [{string.Join(", ", shape.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "*"))}]");
        }

        return raw;
    }

    /// <summary>
    /// A scale tensor <paramref name="name"/> (F32, F16 or BF16) as fp32, whose element count must be <paramref name="count"/>
    /// (any shape with that many elements, e.g. [N, 1] or [N]; a scalar or [1] for count 1).
    /// </summary>
    public static float[] Floats(IWeightSource source, string name, long count)
    {
        var raw = source.GetRaw(name);
        if (raw.Dtype is not ("F32" or "F16" or "BF16"))
        {
            throw new ModelLoadException($"{raw.File}: tensor '{name}' has dtype {raw.Dtype}, expected F32, F16 or BF16");
        }

        if (raw.ElementCount != count)
        {
            throw new ModelLoadException($"{raw.File}: tensor '{name}' has shape {raw.ShapeText} ({raw.ElementCount} values), expected {count} values");
        }

        var result = new float[count];
        for (long i = 0; i < count; i++)
        {
            result[i] = raw.Dtype switch
            {
                "F32" => ((float*)raw.Data)[i],
                "F16" => (float)((Half*)raw.Data)[i],
                _ => BitConverter.UInt32BitsToSingle((uint)((ushort*)raw.Data)[i] << 16),
            };
        }

        return result;
    }

    /// <summary>Element i of an I32 tensor.</summary>
    public static uint Word(RawTensor raw, long i) => ((uint*)raw.Data)[i];

    /// <summary>Throws <see cref="ModelLoadException"/> naming the tensor when a scale is not finite and positive.</summary>
    public static void RequirePositive(float[] scales, string name)
    {
        for (var i = 0; i < scales.Length; i++)
        {
            if (!float.IsFinite(scales[i]) || scales[i] < 0)
            {
                throw new ModelLoadException($"tensor '{name}': scale {i} is {scales[i]} (scales must be finite and not negative)");
            }
        }
    }
}
