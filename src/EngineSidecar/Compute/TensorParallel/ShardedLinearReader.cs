using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>
/// One rank's reader of the quantized linear weights: reads the whole tensor through <paramref name="inner"/> and cuts it to
/// the rank's shard (<see cref="QuantizedShards"/>). Nothing is generated in place (<see cref="Describe"/> is null): a dummy
/// tensor is materialised whole on the host and then cut, so every rank sees the values of the unsharded model.
/// </summary>
public sealed class ShardedLinearReader(ILinearReader inner, TensorParallelLayout layout, int rank) : ILinearReader
{
    private readonly WeightLayout _full = WeightLayout.For(layout.Model);

    public QuantizationMode Mode => inner.Mode;

    public (float[] Keys, float[] Values)? KvCacheScales(int layers) => inner.KvCacheScales(layers);

    public GeneratedQuantizedTensor? Describe(string name, int n, int k) => null;

    /// <summary>The rank's [n, k] shard of the whole tensor <paramref name="name"/>, or null when it is served unquantized.</summary>
    public QuantizedTensor? Read(string name, int n, int k)
    {
        var shape = _full[name].Shape;
        if (inner.Read(name, (int)shape[0], (int)shape[1]) is not { } whole)
        {
            return null;
        }

        var slice = QuantizedShards.Slice(whole, WeightShards.For(layout, rank, name));
        return slice.Rows == n && slice.Cols == k ? slice
            : throw new ArgumentException($"tensor '{name}': rank {rank}'s shard is [{slice.Rows}, {slice.Cols}], expected [{n}, {k}]");
    }
}
