using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// A quantized linear weight in device memory, in the layout of <see cref="QuantizedTensor"/>: codes, fp32 scales, and for
/// int4 zero points and an optional column permutation. Nothing else (no bf16 copy) is kept.
/// </summary>
public sealed class CudaQuantizedMatrix : WeightMatrix
{
    private readonly DeviceBuffer _codes;
    private readonly DeviceBuffer _scales;
    private readonly DeviceBuffer? _zeros;
    private readonly DeviceBuffer? _permutation;

    /// <summary>Uploads <paramref name="tensor"/> (synchronously).</summary>
    public CudaQuantizedMatrix(QuantizedTensor tensor)
        : base(tensor.Name, tensor.Rows, tensor.Cols, WeightDtype.BF16)
    {
        Kind = tensor.Kind;
        InputScale = tensor.InputScale;
        Groups = tensor.Kind == QuantizedKind.Int4 ? tensor.Groups : 0;
        HostBytes = tensor.Bytes;
        var buffers = new List<DeviceBuffer>();
        try
        {
            _codes = Upload<byte>(tensor.Data, buffers);
            _scales = Upload<float>(tensor.Scales, buffers);
            _zeros = tensor.Zeros is null ? null : Upload<byte>(tensor.Zeros, buffers);
            _permutation = tensor.Permutation is null ? null : Upload<int>(tensor.Permutation, buffers);
        }
        catch
        {
            buffers.ForEach(b => b.Dispose());
            throw;
        }
    }

    /// <summary>Takes ownership of device buffers already holding the layout's codes, scales and (int4) zero points.</summary>
    /// <param name="bytes">Bytes of the layout (codes, fp32 scales, zero points), as <see cref="QuantizedTensor.Bytes"/> counts them.</param>
    public CudaQuantizedMatrix(string name, QuantizedKind kind, int rows, int cols, DeviceBuffer codes, DeviceBuffer scales, DeviceBuffer? zeros, long bytes)
        : base(name, rows, cols, WeightDtype.BF16)
    {
        Kind = kind;
        Groups = kind == QuantizedKind.Int4 ? cols / QuantizedTensor.GroupSize : 0;
        HostBytes = bytes;
        _codes = codes;
        _scales = scales;
        _zeros = zeros;
    }

    public QuantizedKind Kind { get; }

    public override QuantizedKind? Quantization => Kind;

    public override long Bytes => HostBytes;

    /// <summary>Static fp8 activation scale; null = dynamic per token.</summary>
    public float? InputScale { get; }

    /// <summary>Groups of 128 columns per row (int4), else 0.</summary>
    public int Groups { get; }

    /// <summary>Codes: e4m3/int8 [N, K] bytes or int4 [N, K/8] words.</summary>
    public ulong Codes => _codes.Pointer;

    /// <summary>fp32 scales: [N] or [N, K/128].</summary>
    public ulong Scales => _scales.Pointer;

    /// <summary>Zero points [N, K/128] (int4), else 0.</summary>
    public ulong Zeros => _zeros?.Pointer ?? 0;

    /// <summary>Column permutation [K] (int4 act-order), else 0.</summary>
    public ulong Permutation => _permutation?.Pointer ?? 0;

    private long HostBytes { get; }

    protected override void Dispose(bool disposing)
    {
        _codes.Dispose();
        _scales.Dispose();
        _zeros?.Dispose();
        _permutation?.Dispose();
        base.Dispose(disposing);
    }

    private static DeviceBuffer Upload<T>(T[] data, List<DeviceBuffer> buffers)
        where T : unmanaged
    {
        var buffer = new DeviceBuffer(Math.Max(16, (long)data.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));
        buffers.Add(buffer);
        buffer.Upload<T>(data);
        return buffer;
    }
}
