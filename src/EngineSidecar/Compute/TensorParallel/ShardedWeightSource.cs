using System.Runtime.InteropServices;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>
/// One rank's view of a whole model's weights: <see cref="Get"/> answers with the rank's shard of each tensor
/// (<see cref="WeightShards"/>) at the shape of <see cref="TensorParallelLayout.RankShape"/>'s layout. A sliced tensor is a
/// copy in native memory that this source owns until <see cref="Release"/> or disposal, and the whole tensor is released
/// from the inner source once copied; a whole tensor is the inner source's own view. Disposing leaves the inner source
/// (shared by every rank) open.
/// </summary>
public sealed unsafe class ShardedWeightSource(IWeightSource inner, TensorParallelLayout layout, int rank) : IWeightSource
{
    private readonly WeightLayout _full = WeightLayout.For(layout.Model);
    private readonly Dictionary<string, (TensorView View, nint Memory)> _copies = new(StringComparer.Ordinal);
    private bool _disposed;

    public string Description { get; } = $"{inner.Description} (rank {rank} of {layout.Size})";

    public TensorView Get(string name, IReadOnlyList<long> expectedShape)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_copies.TryGetValue(name, out var copy))
        {
            return copy.View;
        }

        var shard = WeightShards.For(layout, rank, name);
        var whole = inner.Get(name, _full[name].Shape);
        var view = shard.IsWhole ? whole : Slice(whole, shard);
        if (!view.Shape.SequenceEqual(expectedShape))
        {
            throw new ModelLoadException($"{Description}: shard of '{name}' has shape [{string.Join(", ", view.Shape)}], expected [{string.Join(", ", expectedShape)}]");
        }

        if (!shard.IsWhole)
        {
            inner.Release(name);
        }

        return view;
    }

    public bool Contains(string name) => inner.Contains(name);

    public RawTensor GetRaw(string name) => inner.GetRaw(name);

    /// <summary>Frees this rank's copy of <paramref name="name"/>, or releases the inner source's view of a whole tensor.</summary>
    public void Release(string name)
    {
        if (_copies.Remove(name, out var copy))
        {
            NativeMemory.AlignedFree((void*)copy.Memory);
            return;
        }

        inner.Release(name);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var copy in _copies.Values)
        {
            NativeMemory.AlignedFree((void*)copy.Memory);
        }

        _copies.Clear();
    }

    // A vector [n] is sliced as n rows of one element; a matrix [rows, cols] by rows and columns.
    private TensorView Slice(TensorView whole, WeightShard shard)
    {
        var isVector = whole.Shape.Length == 1;
        int rows = (int)whole.Shape[0], cols = isVector ? 1 : (int)whole.Shape[1];
        shard.CheckWithin(whole.Name, rows, cols);
        var elementBytes = whole.Dtype.SizeBytes();
        var columns = shard.Columns ?? new IndexRange(0, cols);
        var outRows = shard.RowCount(rows);
        var rowBytes = (long)columns.Count * elementBytes;
        var memory = (nint)NativeMemory.AlignedAlloc((nuint)Math.Max(1, outRows * rowBytes), 64);
        var target = (byte*)memory;
        foreach (var range in shard.Rows ?? [new IndexRange(0, rows)])
        {
            for (var r = range.Start; r < range.End; r++, target += rowBytes)
            {
                var from = (byte*)whole.Data + ((((long)r * cols) + columns.Start) * elementBytes);
                Buffer.MemoryCopy(from, target, rowBytes, rowBytes);
            }
        }

        long[] shape = isVector ? [outRows] : [outRows, columns.Count];
        var view = new TensorView(whole.Name, whole.Dtype, shape, memory, Description);
        _copies[whole.Name] = (view, memory);
        return view;
    }
}
