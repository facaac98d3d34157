using Sluice.Engine.Compute.Cuda.Runtime;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>An fp32 activation matrix in device memory: element (r, c) at Pointer + 4 · (r · Cols + c).</summary>
public sealed class CudaActivation : Activation
{
    private readonly DeviceBuffer _buffer;

    public CudaActivation(int capacityRows, int cols)
        : base(capacityRows, cols)
    {
        _buffer = new DeviceBuffer((long)capacityRows * cols * sizeof(float));
    }

    /// <summary>Device address of element (0, 0).</summary>
    public ulong Pointer => _buffer.Pointer;

    /// <summary>Device address of element (<paramref name="row"/>, <paramref name="col"/>).</summary>
    public ulong At(int row, int col) => _buffer.Pointer + (((ulong)row * (ulong)Cols) + (ulong)col) * sizeof(float);

    protected override void Dispose(bool disposing)
    {
        _buffer.Dispose();
        base.Dispose(disposing);
    }
}
