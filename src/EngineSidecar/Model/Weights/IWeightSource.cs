namespace Sluice.Engine.Model.Weights;

/// <summary>Where weight tensors come from: safetensors files or a dummy preset. Disposing invalidates its views.</summary>
public interface IWeightSource : IDisposable
{
    /// <summary>Directory or dummy:// name, for messages.</summary>
    string Description { get; }

    /// <summary>
    /// Returns the tensor <paramref name="name"/>; throws <see cref="ModelLoadException"/> naming the file and
    /// tensor when it is missing, has a shape other than <paramref name="expectedShape"/>, or an unsupported dtype.
    /// </summary>
    TensorView Get(string name, IReadOnlyList<long> expectedShape);

    /// <summary>Whether the source holds a tensor named <paramref name="name"/>.</summary>
    bool Contains(string name);

    /// <summary>
    /// The tensor <paramref name="name"/> as stored, of any dtype (quantized checkpoints); throws <see cref="ModelLoadException"/>
    /// when it is missing or its bytes do not match its dtype and shape.
    /// </summary>
    RawTensor GetRaw(string name);

    /// <summary>
    /// Tells the source that the tensor <paramref name="name"/> was copied by the backend and its view is no longer read;
    /// a source that generated it may free it (dummy weights then stay bounded by one tensor of host memory).
    /// </summary>
    void Release(string name)
    {
    }
}
