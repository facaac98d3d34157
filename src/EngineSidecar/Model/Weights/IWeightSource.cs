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
}
