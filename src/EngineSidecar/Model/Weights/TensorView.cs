namespace Sluice.Engine.Model.Weights;

/// <summary>
/// A read-only view of one weight tensor's bytes in memory owned by an <see cref="IWeightSource"/>
/// (a memory-mapped file or generated native memory). Valid until that source is disposed.
/// </summary>
/// <param name="Name">Tensor name, e.g. model.layers.0.self_attn.q_proj.weight.</param>
/// <param name="Shape">Dimensions, outermost first: a Linear weight is [outFeatures, inFeatures].</param>
/// <param name="Data">Address of the first element (row-major, not necessarily aligned).</param>
/// <param name="File">File the tensor came from (or the dummy preset), for error messages.</param>
/// <param name="FileOffset">
/// Where the same bytes start in <paramref name="File"/> when they are stored there (-1 otherwise): a backend that copies the
/// tensor may read it from the file instead of through <paramref name="Data"/>, so the mapping's pages never enter the process.
/// </param>
public sealed record TensorView(string Name, WeightDtype Dtype, long[] Shape, nint Data, string File, long FileOffset = -1)
{
    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Bytes the tensor occupies.</summary>
    public long ByteLength => ElementCount * Dtype.SizeBytes();
}
