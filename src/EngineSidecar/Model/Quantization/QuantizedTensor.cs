namespace Sluice.Engine.Model.Quantization;

/// <summary>
/// A decoder linear weight W [N = out features, K = in features] in the engine's internal quantized layout, on the host,
/// ready for a backend to take:
/// <list type="bullet">
/// <item><see cref="QuantizedKind.Fp8"/>: <see cref="Data"/> e4m3 codes [N, K] row-major; <see cref="Scales"/> [N];
/// W[n, k] = e4m3(Data[n, k]) · Scales[n]. Activations are quantized per token (x_q = e4m3(x / s_x),
/// s_x = max|x| / 448) or with the static <see cref="InputScale"/>; y = s_x · Scales[n] · Σ_k x_q · w_q.</item>
/// <item><see cref="QuantizedKind.Int8"/>: <see cref="Data"/> int8 [N, K]; y[n] = Scales[n] · Σ_k x[k] · Data[n, k].</item>
/// <item><see cref="QuantizedKind.Int4"/>: <see cref="Data"/> [N, K/8] little-endian uint32 words, word j of row n holding
/// column k = 8j + i in bits 4i..4i+3 (unsigned 0..15); <see cref="Scales"/> and <see cref="Zeros"/> [N, K/128];
/// W[n, k] = (q − Zeros[n, k/128]) · Scales[n, k/128]. When <see cref="Permutation"/> is set the columns are in that
/// order: the matmul reads x[perm[k]] for column k (GPTQ act-order, groups made contiguous at load).</item>
/// </list>
/// </summary>
public sealed class QuantizedTensor
{
    /// <summary>Columns per int4 group.</summary>
    public const int GroupSize = 128;

    public required string Name { get; init; }

    public required QuantizedKind Kind { get; init; }

    /// <summary>N: output features.</summary>
    public required int Rows { get; init; }

    /// <summary>K: input features.</summary>
    public required int Cols { get; init; }

    /// <summary>Codes in the layout of <see cref="Kind"/>.</summary>
    public required byte[] Data { get; init; }

    /// <summary>[N] for fp8/int8, [N, K/128] for int4.</summary>
    public required float[] Scales { get; init; }

    /// <summary>[N, K/128] zero points (0..16) for int4; null otherwise.</summary>
    public byte[]? Zeros { get; init; }

    /// <summary>[K] column order for int4 act-order; null when the columns are in natural order.</summary>
    public int[]? Permutation { get; init; }

    /// <summary>Static per-tensor activation scale of an fp8 checkpoint; null = dynamic per token.</summary>
    public float? InputScale { get; init; }

    /// <summary>Groups per row (int4).</summary>
    public int Groups => Cols / GroupSize;

    /// <summary>Bytes a backend holds: codes, fp32 scales, zero points, permutation.</summary>
    public long Bytes => Data.LongLength + (Scales.LongLength * sizeof(float)) + (Zeros?.LongLength ?? 0) + ((Permutation?.LongLength ?? 0) * sizeof(int));

    /// <summary>Throws <see cref="ModelLoadException"/> when the buffers do not have the sizes <see cref="Kind"/> needs.</summary>
    public QuantizedTensor Validated()
    {
        long n = Rows, k = Cols;
        var (data, scales, zeros) = Kind switch
        {
            QuantizedKind.Int4 => (n * k / 2, n * (k / GroupSize), n * (k / GroupSize)),
            _ => (n * k, n, 0L),
        };
        if (Rows <= 0 || Cols <= 0 || (Kind == QuantizedKind.Int4 && Cols % GroupSize != 0) || Data.LongLength != data
            || Scales.LongLength != scales || (Zeros?.LongLength ?? 0) != zeros || (Permutation is { } p && p.Length != Cols))
        {
            throw new ModelLoadException($"tensor '{Name}': internal {Kind} layout [{Rows}, {Cols}] has {Data.LongLength} code bytes, {Scales.LongLength} scales, " +
                $"{Zeros?.LongLength ?? 0} zero points (expected {data}, {scales}, {zeros})");
        }

        return this;
    }

    /// <summary>Whether <paramref name="parts"/> can be stacked along N into one tensor (same kind, columns, column order and input scale).</summary>
    public static bool CanStack(IReadOnlyList<QuantizedTensor> parts) =>
        parts.All(p => p.Kind == parts[0].Kind && p.Cols == parts[0].Cols && p.InputScale == parts[0].InputScale
            && (p.Permutation is null) == (parts[0].Permutation is null)
            && (p.Permutation is null || p.Permutation.AsSpan().SequenceEqual(parts[0].Permutation)));

    /// <summary>The rows of <paramref name="parts"/> one after the other as tensor <paramref name="name"/>; see <see cref="CanStack"/>.</summary>
    public static QuantizedTensor Stack(string name, IReadOnlyList<QuantizedTensor> parts)
    {
        if (!CanStack(parts))
        {
            throw new ArgumentException($"cannot stack {string.Join(", ", parts.Select(p => p.Name))}: formats differ");
        }

        return new QuantizedTensor
        {
            Name = name,
            Kind = parts[0].Kind,
            Rows = parts.Sum(p => p.Rows),
            Cols = parts[0].Cols,
            Data = Concat(parts.Select(p => p.Data)),
            Scales = Concat(parts.Select(p => p.Scales)),
            Zeros = parts[0].Zeros is null ? null : Concat(parts.Select(p => p.Zeros!)),
            Permutation = parts[0].Permutation,
            InputScale = parts[0].InputScale,
        }.Validated();
    }

    private static T[] Concat<T>(IEnumerable<T[]> arrays)
        where T : unmanaged
    {
        var list = arrays.ToList();
        var result = new T[list.Sum(a => (long)a.Length)];
        long at = 0;
        foreach (var a in list)
        {
            a.CopyTo(result, at);
            at += a.Length;
        }

        return result;
    }
}
