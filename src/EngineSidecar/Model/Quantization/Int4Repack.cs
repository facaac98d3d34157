using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Model.Quantization;

/// <summary>
/// Reads AutoAWQ (GEMM) and GPTQ int4 linear layers into the internal <see cref="QuantizedKind.Int4"/> layout of
/// <see cref="QuantizedTensor"/>. On-disk formats (W is [N = out, K = in], g = 128, G = K / g):
/// <list type="bullet">
/// <item>AWQ: <c>qweight</c> I32 [K, N/8], nibble i (bits 4i) of word (k, j) is q[k, 8j + order[i]] with
/// order = [0, 2, 4, 6, 1, 3, 5, 7]; <c>qzeros</c> I32 [G, N/8] packed the same way; <c>scales</c> F16 [G, N];
/// W[n, k] = (q − z[k/g, n]) · s[k/g, n].</item>
/// <item>GPTQ: <c>qweight</c> I32 [K/8, N], nibble i of word (r, n) is q[8r + i, n]; <c>qzeros</c> I32 [G, N/8], nibble i of
/// word (g, j) is the zero of column 8j + i, stored minus 1 by checkpoint_format "gptq" (v1); <c>scales</c> F16 [G, N];
/// optional <c>g_idx</c> I32 [K] (act-order): W[n, k] = (q − z[g_idx[k], n]) · s[g_idx[k], n]. A non-trivial g_idx is
/// turned into a column permutation that makes the groups contiguous; it must give every group exactly 128 columns.</item>
/// </list>
/// </summary>
public static class Int4Repack
{
    private static readonly int[] AwqOrder = [0, 2, 4, 6, 1, 3, 5, 7];
    private static readonly int[] GptqOrder = [0, 1, 2, 3, 4, 5, 6, 7];

    /// <summary>The AWQ layer <paramref name="prefix"/> (e.g. model.layers.0.mlp.down_proj) of shape [n, k].</summary>
    public static QuantizedTensor ReadAwq(IWeightSource source, string prefix, int n, int k)
    {
        RequireShape(prefix, n, k);
        int groups = k / QuantizedTensor.GroupSize, words = n / 8;
        var qweight = RawTensors.Get(source, prefix + ".qweight", ["I32", "U32"], k, words);
        var qzeros = RawTensors.Get(source, prefix + ".qzeros", ["I32", "U32"], groups, words);
        var scalesOnDisk = RawTensors.Floats(source, prefix + ".scales", (long)groups * n);
        RawTensors.RequirePositive(scalesOnDisk, prefix + ".scales");
        var data = new byte[(long)n * k / 2];
        // Columns 2p and 2p + 1 share a byte: one task writes both.
        Parallel.For(0, k / 2, pair =>
        {
            for (var kk = 2 * pair; kk < (2 * pair) + 2; kk++)
            {
                for (var j = 0; j < words; j++)
                {
                    var word = RawTensors.Word(qweight, ((long)kk * words) + j);
                    for (var i = 0; i < 8; i++)
                    {
                        SetNibble(data, k, (8 * j) + AwqOrder[i], kk, (word >> (4 * i)) & 0xF);
                    }
                }
            }
        });
        return new QuantizedTensor
        {
            Name = prefix + ".weight",
            Kind = QuantizedKind.Int4,
            Rows = n,
            Cols = k,
            Data = data,
            Scales = Transpose(scalesOnDisk, groups, n),
            Zeros = UnpackZeros(qzeros, groups, n, AwqOrder, 0),
        }.Validated();
    }

    /// <summary>The GPTQ layer <paramref name="prefix"/> of shape [n, k]; <paramref name="zerosMinusOne"/> for v1 checkpoints.</summary>
    public static QuantizedTensor ReadGptq(IWeightSource source, string prefix, int n, int k, bool zerosMinusOne)
    {
        RequireShape(prefix, n, k);
        int groups = k / QuantizedTensor.GroupSize, words = n / 8;
        var qweight = RawTensors.Get(source, prefix + ".qweight", ["I32", "U32"], k / 8, n);
        var qzeros = RawTensors.Get(source, prefix + ".qzeros", ["I32", "U32"], groups, words);
        var scalesOnDisk = RawTensors.Floats(source, prefix + ".scales", (long)groups * n);
        RawTensors.RequirePositive(scalesOnDisk, prefix + ".scales");
        var permutation = source.Contains(prefix + ".g_idx") ? Permutation(source, prefix + ".g_idx", k, groups) : null;

        // Internal column c holds original column perm[c] (identity without act-order).
        var inverse = new int[k];
        for (var c = 0; c < k; c++)
        {
            inverse[permutation?[c] ?? c] = c;
        }

        var data = new byte[(long)n * k / 2];
        // One task per output row: the permuted columns of a row share bytes.
        Parallel.For(0, n, col =>
        {
            for (var r = 0; r < k / 8; r++)
            {
                var word = RawTensors.Word(qweight, ((long)r * n) + col);
                for (var i = 0; i < 8; i++)
                {
                    SetNibble(data, k, col, inverse[(8 * r) + i], (word >> (4 * i)) & 0xF);
                }
            }
        });
        return new QuantizedTensor
        {
            Name = prefix + ".weight",
            Kind = QuantizedKind.Int4,
            Rows = n,
            Cols = k,
            Data = data,
            Scales = Transpose(scalesOnDisk, groups, n),
            Zeros = UnpackZeros(qzeros, groups, n, GptqOrder, zerosMinusOne ? 1 : 0),
            Permutation = permutation,
        }.Validated();
    }

    /// <summary>
    /// Zero points [n, groups] from <c>qzeros</c> I32 [groups, n/8]: nibble i of word (g, j) is the zero of output column
    /// 8j + order[i], plus <paramref name="add"/> (1 for GPTQ v1, which stores zero − 1).
    /// </summary>
    private static byte[] UnpackZeros(RawTensor qzeros, int groups, int n, int[] order, int add)
    {
        var words = n / 8;
        var zeros = new byte[(long)n * groups];
        for (var g = 0; g < groups; g++)
        {
            for (var j = 0; j < words; j++)
            {
                var word = RawTensors.Word(qzeros, ((long)g * words) + j);
                for (var i = 0; i < 8; i++)
                {
                    zeros[((long)((8 * j) + order[i]) * groups) + g] = (byte)(((word >> (4 * i)) & 0xF) + add);
                }
            }
        }

        return zeros;
    }

    /// <summary>
    /// perm with internal column c = original column perm[c], ordered by group (stable); null when g_idx is the trivial k / 128.
    /// Throws <see cref="ModelLoadException"/> when a group id is out of range or a group does not have exactly 128 columns.
    /// </summary>
    public static int[]? Permutation(IWeightSource source, string name, int k, int groups)
    {
        var raw = RawTensors.Get(source, name, ["I32", "I64"], k);
        var gIdx = new int[k];
        for (var i = 0; i < k; i++)
        {
            var g = raw.Dtype == "I32" ? (long)(int)RawTensors.Word(raw, i) : ReadInt64(raw, i);
            if (g < 0 || g >= groups)
            {
                throw new ModelLoadException($"{raw.File}: tensor '{name}': g_idx[{i}] = {g} is outside [0, {groups})");
            }

            gIdx[i] = (int)g;
        }

        if (gIdx.Select((g, i) => g == i / QuantizedTensor.GroupSize).All(x => x))
        {
            return null;
        }

        var perm = Enumerable.Range(0, k).OrderBy(i => gIdx[i]).ThenBy(i => i).ToArray();
        for (var c = 0; c < k; c++)
        {
            if (gIdx[perm[c]] != c / QuantizedTensor.GroupSize)
            {
                throw new ModelLoadException($"{raw.File}: tensor '{name}': g_idx does not give every group exactly {QuantizedTensor.GroupSize} columns " +
                    $"(group {c / QuantizedTensor.GroupSize} differs); unequal groups are not supported");
            }
        }

        return perm;
    }

    private static unsafe long ReadInt64(RawTensor raw, long i) => ((long*)raw.Data)[i];

    private static void RequireShape(string prefix, int n, int k)
    {
        if (k % QuantizedTensor.GroupSize != 0 || n % 8 != 0)
        {
            throw new ModelLoadException($"tensor '{prefix}': int4 needs in features divisible by {QuantizedTensor.GroupSize} and out features by 8, got [{n}, {k}]");
        }
    }

    // Internal layout: row n, column k in word k / 8, bits 4 (k % 8).
    private static void SetNibble(byte[] data, int k, int row, int col, uint value)
    {
        var index = ((long)row * k / 2) + (col / 2);
        data[index] |= (byte)(value << (4 * (col & 1)));
    }

    // [rows, cols] → [cols, rows].
    private static float[] Transpose(float[] m, int rows, int cols)
    {
        var t = new float[m.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                t[((long)c * rows) + r] = m[((long)r * cols) + c];
            }
        }

        return t;
    }
}
