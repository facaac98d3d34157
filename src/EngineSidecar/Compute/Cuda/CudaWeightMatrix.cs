using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>A weight held as bf16 in device memory, [Rows, Cols] row-major.</summary>
public sealed class CudaWeightMatrix(string name, int rows, int cols, DeviceBuffer buffer) : WeightMatrix(name, rows, cols, WeightDtype.BF16)
{
    /// <summary>Device address of element (0, 0).</summary>
    public ulong Pointer => buffer.Pointer;

    protected override void Dispose(bool disposing)
    {
        buffer.Dispose();
        base.Dispose(disposing);
    }
}
