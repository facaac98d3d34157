namespace Sluice.Engine.Compute.Cpu;

/// <summary>An fp32 activation matrix in a managed array: element (r, c) at Data[r · Cols + c].</summary>
public sealed class CpuActivation(int capacityRows, int cols) : Activation(capacityRows, cols)
{
    public float[] Data { get; } = new float[(long)capacityRows * cols];

    /// <summary>Row <paramref name="row"/> ([Cols]).</summary>
    public Span<float> Row(int row) => Data.AsSpan(row * Cols, Cols);
}
