using Sluice.Engine.Model;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>
/// Cuts a <see cref="QuantizedTensor"/> to a <see cref="WeightShard"/> so that the rank's matmul computes exactly its part
/// of the whole product. Rows (output channels) carry their own scales, zero points and codes. Columns (input features,
/// for o_proj and down_proj) keep every per-row scale; int4 ones are cut at 128-column group boundaries. Refused, with
/// <see cref="ModelLoadException"/> saying why: int4 act-order columns (the permutation mixes input features across the
/// cut), int4 cuts inside a group, and fp8 with per-token activation scales (each rank would scale its slice of the
/// activations by that slice's own maximum, so the partial sums would not add up to the whole product).
/// </summary>
public static class QuantizedShards
{
    /// <summary>The part of <paramref name="whole"/> in <paramref name="shard"/>, named as <paramref name="whole"/>.</summary>
    public static QuantizedTensor Slice(QuantizedTensor whole, WeightShard shard)
    {
        ArgumentNullException.ThrowIfNull(whole);
        ArgumentNullException.ThrowIfNull(shard);
        shard.CheckWithin(whole.Name, whole.Rows, whole.Cols);
        if (shard.IsWhole)
        {
            return whole;
        }

        var rows = shard.Rows ?? [new IndexRange(0, whole.Rows)];
        var columns = shard.Columns ?? new IndexRange(0, whole.Cols);
        if (shard.Columns is not null)
        {
            CheckColumnCut(whole, columns);
        }

        var int4 = whole.Kind == QuantizedKind.Int4;
        var codes = int4 ? new IndexRange(columns.Start / 2, columns.Count / 2) : columns;
        var groups = int4 ? new IndexRange(columns.Start / QuantizedTensor.GroupSize, columns.Count / QuantizedTensor.GroupSize) : new IndexRange(0, 1);
        return new QuantizedTensor
        {
            Name = whole.Name,
            Kind = whole.Kind,
            Rows = shard.RowCount(whole.Rows),
            Cols = columns.Count,
            Data = Gather(whole.Data, int4 ? whole.Cols / 2 : whole.Cols, rows, codes),
            Scales = Gather(whole.Scales, int4 ? whole.Groups : 1, rows, groups),
            Zeros = whole.Zeros is { } zeros ? Gather(zeros, whole.Groups, rows, groups) : null,
            Permutation = whole.Permutation,
            InputScale = whole.InputScale,
        }.Validated();
    }

    private static void CheckColumnCut(QuantizedTensor whole, IndexRange columns)
    {
        var where = $"tensor '{whole.Name}': cannot split its {whole.Cols} input columns at [{columns.Start}, {columns.End}) for tensor parallelism";
        switch (whole.Kind)
        {
            case QuantizedKind.Fp8 when whole.InputScale is null:
                throw new ModelLoadException($"{where}: fp8 with per-token activation scales would scale each rank's slice of the activations by that slice's own maximum, so the partial sums would not add up to the unsharded product");
            case QuantizedKind.Int4 when whole.Permutation is not null:
                throw new ModelLoadException($"{where}: act-order int4 (g_idx) permutes the input columns across ranks");
            case QuantizedKind.Int4 when columns.Start % QuantizedTensor.GroupSize != 0 || columns.Count % QuantizedTensor.GroupSize != 0:
                throw new ModelLoadException($"{where}: int4 groups of {QuantizedTensor.GroupSize} columns would be cut (each rank needs a multiple of {QuantizedTensor.GroupSize} columns)");
        }
    }

    // The elements [columns] of each row in rows (in order) of a [*, rowLength] row-major array.
    private static T[] Gather<T>(T[] source, int rowLength, IReadOnlyList<IndexRange> rows, IndexRange columns)
    {
        var result = new T[(long)rows.Sum(r => r.Count) * columns.Count];
        long at = 0;
        foreach (var range in rows)
        {
            for (var r = range.Start; r < range.End; r++, at += columns.Count)
            {
                Array.Copy(source, ((long)r * rowLength) + columns.Start, result, at, columns.Count);
            }
        }

        return result;
    }
}
