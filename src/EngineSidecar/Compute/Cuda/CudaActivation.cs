using Sluice.Engine.Compute.Cuda.Runtime;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>An fp32 activation matrix in device memory: element (r, c) at Pointer + 4 · (r · Cols + c).</summary>
public sealed class CudaActivation : Activation
{
    private readonly DeviceBuffer _buffer;
    private DeviceBuffer? _shadow;

    public CudaActivation(int capacityRows, int cols)
        : base(capacityRows, cols)
    {
        _buffer = new DeviceBuffer((long)capacityRows * cols * sizeof(float));
    }

    /// <summary>Device address of element (0, 0).</summary>
    public ulong Pointer => _buffer.Pointer;

    /// <summary>Device address of element (<paramref name="row"/>, <paramref name="col"/>).</summary>
    public ulong At(int row, int col) => _buffer.Pointer + (((ulong)row * (ulong)Cols) + (ulong)col) * sizeof(float);

    /// <summary>
    /// bf16 copy of the activation for use as a GEMM operand (allocated on first use), valid while
    /// <see cref="ShadowValid"/>: every op that writes the activation clears the flag, so the copy is made once per write.
    /// </summary>
    public DeviceBuffer Shadow => _shadow ??= new DeviceBuffer((long)CapacityRows * Cols * sizeof(ushort));

    /// <summary>True when <see cref="Shadow"/> holds the current values (in stream order of the queued work).</summary>
    public bool ShadowValid { get; set; }

    protected override void Dispose(bool disposing)
    {
        _shadow?.Dispose();
        _buffer.Dispose();
        base.Dispose(disposing);
    }
}
