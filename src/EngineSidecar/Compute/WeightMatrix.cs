using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute;

/// <summary>
/// A backend-resident weight: a matrix [Rows, Cols] (a Linear weight is [outFeatures, inFeatures]) or a
/// vector (Rows = 1). <see cref="Dtype"/> is how the backend holds it (fp32 after conversion, or the
/// stored type when converted on the fly).
/// </summary>
public abstract class WeightMatrix(string name, int rows, int cols, WeightDtype dtype) : IDisposable
{
    public string Name { get; } = name;

    public int Rows { get; } = rows;

    public int Cols { get; } = cols;

    public WeightDtype Dtype { get; } = dtype;

    /// <summary>Bytes of the representation the backend computes from (its own copy or the source's memory read in place).</summary>
    public virtual long Bytes => (long)Rows * Cols * Dtype.SizeBytes();

    /// <summary>The quantized format of the weight; null for a plain bf16/fp16/fp32 weight.</summary>
    public virtual QuantizedKind? Quantization => null;

    /// <summary>Whether the backend holds its own copy (the source's view may be released after loading).</summary>
    public virtual bool HoldsCopy => true;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
