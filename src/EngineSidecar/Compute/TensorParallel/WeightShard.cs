namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>
/// The part of a weight one rank holds: the output rows (dimension 0; a vector's elements) in <see cref="Rows"/>, one
/// range after the other, and the input columns (dimension 1) in <see cref="Columns"/>. Null means all of that dimension.
/// Column-parallel weights select rows, row-parallel ones select columns, replicated ones select nothing.
/// </summary>
public sealed record WeightShard(IReadOnlyList<IndexRange>? Rows, IndexRange? Columns)
{
    /// <summary>The whole tensor (norms, the o_proj bias).</summary>
    public static WeightShard Whole { get; } = new(null, null);

    /// <summary>True when the shard is the whole tensor.</summary>
    public bool IsWhole => Rows is null && Columns is null;

    /// <summary>Rows the shard holds out of <paramref name="rows"/>.</summary>
    public int RowCount(int rows) => Rows?.Sum(r => r.Count) ?? rows;

    /// <summary>Columns the shard holds out of <paramref name="cols"/>.</summary>
    public int ColumnCount(int cols) => Columns?.Count ?? cols;

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="name"/> when a range lies outside [rows, cols].</summary>
    public void CheckWithin(string name, int rows, int cols)
    {
        if ((Rows ?? []).Any(r => r.Start < 0 || r.Count <= 0 || r.End > rows) || Columns is { } c && (c.Start < 0 || c.Count <= 0 || c.End > cols))
        {
            throw new ArgumentException($"tensor '{name}' [{rows}, {cols}]: shard rows {string.Join(", ", Rows ?? [])} / columns {Columns} lie outside it");
        }
    }
}
