using Sluice.Engine.Compute.Cuda.Runtime;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// Scratch device memory of the quantized matmuls: activations in the weight's column order (fp32 and bf16), fp8 codes,
/// values and per-token scales of quantized activations, split-K partial sums of the tensor-core GEMM, and one bf16 weight
/// [N, K] for the dequantize-then-GEMM path of prefill-sized batches.
/// Buffers only grow; growing waits for the device and bumps <see cref="Generation"/> (captured graphs hold addresses).
/// </summary>
public sealed class CudaQuantScratch : IDisposable
{
    private DeviceBuffer? _xFloat;
    private DeviceBuffer? _xBf16;
    private DeviceBuffer? _xCodes;
    private DeviceBuffer? _xValues;
    private DeviceBuffer? _xScales;
    private DeviceBuffer? _weight;
    private DeviceBuffer? _partials;

    /// <summary>Changes whenever a buffer is reallocated.</summary>
    public int Generation { get; private set; }

    /// <summary>fp32 [≥ elements].</summary>
    public ulong XFloat(long elements, CudaDevice device) => Ensure(ref _xFloat, elements * sizeof(float), device);

    /// <summary>bf16 [≥ elements].</summary>
    public ulong XBf16(long elements, CudaDevice device) => Ensure(ref _xBf16, elements * sizeof(ushort), device);

    /// <summary>e4m3 codes [≥ elements].</summary>
    public ulong XCodes(long elements, CudaDevice device) => Ensure(ref _xCodes, elements, device);

    /// <summary>fp32 values of the codes [≥ elements].</summary>
    public ulong XValues(long elements, CudaDevice device) => Ensure(ref _xValues, elements * sizeof(float), device);

    /// <summary>fp32 per-token scales [≥ rows].</summary>
    public ulong XScales(long rows, CudaDevice device) => Ensure(ref _xScales, rows * sizeof(float), device);

    /// <summary>bf16 weight [≥ elements].</summary>
    public ulong Weight(long elements, CudaDevice device) => Ensure(ref _weight, elements * sizeof(ushort), device);

    /// <summary>fp32 split-K partial sums of the tensor-core GEMM [≥ elements].</summary>
    public ulong Partials(long elements, CudaDevice device) => Ensure(ref _partials, elements * sizeof(float), device);

    public void Dispose()
    {
        foreach (var b in new[] { _xFloat, _xBf16, _xCodes, _xValues, _xScales, _weight, _partials })
        {
            b?.Dispose();
        }
    }

    private ulong Ensure(ref DeviceBuffer? buffer, long bytes, CudaDevice device)
    {
        if (buffer is null || buffer.Bytes < bytes)
        {
            device.Synchronize();
            buffer?.Dispose();
            buffer = null;
            buffer = new DeviceBuffer(Math.Max(256, bytes));
            Generation++;
        }

        return buffer.Pointer;
    }
}
