using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Compute.Staging;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;
using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;
using static Sluice.Engine.Compute.Cuda.Runtime.KernelArg;

namespace Sluice.Engine.Compute.Cuda;

// Weights reaching device memory: streamed from their file (or host memory) through pinned staging, or generated in place.
public sealed unsafe partial class CudaBackend
{
    private const uint FillThreads = 256;

    private readonly Dictionary<string, FileRangeReader> _readers = new(StringComparer.Ordinal);
    private CudaStagingRing? _staging;
    private StagedUploader? _uploader;

    /// <summary>
    /// Queues <paramref name="source"/> into a new bf16 device tensor through the staging ring (<see cref="CudaStagingRing"/>):
    /// read from its file when it has one (<see cref="TensorView.FileOffset"/>; the mapping is never touched), else from
    /// <see cref="TensorView.Data"/>; fp16/fp32 converted on the device. Returns once every byte has been read from the source
    /// (the source may be released); the copies complete in stream order.
    /// </summary>
    public WeightMatrix LoadWeight(TensorView source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (rows, cols) = MatrixShape(source.Name, source.Shape, source.File);
        EnsureCurrent();
        var buffer = new DeviceBuffer((long)rows * cols * sizeof(ushort));
        try
        {
            var read = source.FileOffset >= 0 ? FileReader(source.File, source.FileOffset) : MemoryReader(source.Data);
            _staging ??= new CudaStagingRing(_module, Device);
            _uploader ??= new StagedUploader(_staging);
            _uploader.Upload(buffer.Pointer, (long)rows * cols, source.Dtype, read);
            return new CudaWeightMatrix(source.Name, rows, cols, buffer);
        }
        catch
        {
            _staging?.Drain();
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Queues <c>fill_dummy</c> into a new bf16 device tensor (twin: <see cref="DummyRandom.Fill"/>); the host holds nothing.</summary>
    public WeightMatrix GenerateWeight(GeneratedTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var (rows, cols) = MatrixShape(tensor.Name, tensor.Shape, "generated");
        EnsureCurrent();
        var buffer = new DeviceBuffer((long)rows * cols * sizeof(ushort));
        try
        {
            FillDummy(buffer.Pointer, (long)rows * cols, tensor.Fill);
            return new CudaWeightMatrix(tensor.Name, rows, cols, buffer);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Generates <paramref name="tensor"/> in device memory: <c>fill_dummy_codes</c> per part into the codes, the scales and
    /// zero points set by memset (twin: <see cref="DummyQuantizedWeights.Materialize"/>); reserves the dequantize scratch as
    /// <see cref="LoadQuantizedWeight"/> does. The host holds nothing.
    /// </summary>
    public WeightMatrix GenerateQuantizedWeight(GeneratedQuantizedTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        RequireSupport(tensor.Kind);
        EnsureCurrent();
        var rows = tensor.Rows;
        var scaleCount = (long)rows * tensor.ScalesPerRow;
        var buffers = new List<DeviceBuffer>();
        try
        {
            var codes = Keep(new DeviceBuffer(Math.Max(16, rows * tensor.CodeBytesPerRow)), buffers);
            var offset = 0UL;
            foreach (var part in tensor.Parts)
            {
                var bytes = part.Rows * tensor.CodeBytesPerRow;
                var blocks = (uint)Math.Clamp(((bytes / 8) + FillThreads) / FillThreads, 1, (long)Device.MultiprocessorCount * 16);
                _module.Launch("fill_dummy_codes", (blocks, 1, 1), FillThreads, Device.Stream,
                    Pointer(codes.Pointer + offset), Int64(bytes), UInt64(part.Key), Int(tensor.Kind == QuantizedKind.Fp8 ? 1 : 0));
                offset += (ulong)bytes;
            }

            var scales = Keep(new DeviceBuffer(Math.Max(16, scaleCount * sizeof(float))), buffers);
            Check(cuMemsetD32Async(scales.Pointer, BitConverter.SingleToUInt32Bits(tensor.Scale), (nuint)scaleCount, Device.Stream), nameof(cuMemsetD32Async));
            DeviceBuffer? zeros = null;
            if (tensor.Kind == QuantizedKind.Int4)
            {
                zeros = Keep(new DeviceBuffer(Math.Max(16, scaleCount)), buffers);
                Check(cuMemsetD8Async(zeros.Pointer, GeneratedQuantizedTensor.Int4Zero, (nuint)scaleCount, Device.Stream), nameof(cuMemsetD8Async));
            }

            if (tensor.Kind != QuantizedKind.Fp8)
            {
                _quant.Weight((long)rows * tensor.Cols, Device);
            }

            return new CudaQuantizedMatrix(tensor.Name, tensor.Kind, rows, tensor.Cols, codes, scales, zeros, tensor.Bytes);
        }
        catch
        {
            buffers.ForEach(b => b.Dispose());
            throw;
        }
    }

    /// <summary>Queues <c>fill_dummy</c>: <paramref name="elements"/> bf16 values of <paramref name="fill"/> at <paramref name="pointer"/>.</summary>
    public void FillDummy(ulong pointer, long elements, DummyFill fill)
    {
        EnsureCurrent();
        var blocks = (uint)Math.Clamp((elements + FillThreads - 1) / FillThreads, 1, (long)Device.MultiprocessorCount * 16);
        _module.Launch("fill_dummy", (blocks, 1, 1), FillThreads, Device.Stream,
            Pointer(pointer), Int64(elements), UInt64(fill.Key), Float(fill.Offset), Float(fill.Amplitude));
    }

    /// <summary>Waits until every weight copy and fill has finished, then frees the staging buffers and closes the files read.</summary>
    public void EndWeightLoad()
    {
        EnsureCurrent();
        Device.Synchronize();
        _staging?.Dispose();
        _staging = null;
        _uploader = null;
        foreach (var reader in _readers.Values)
        {
            reader.Dispose();
        }

        _readers.Clear();
    }

    private static (int Rows, int Cols) MatrixShape(string name, long[] shape, string file)
    {
        if (shape.Length is < 1 or > 2 || shape.Any(d => d <= 0 || d > int.MaxValue))
        {
            throw new ArgumentException($"{file}: tensor '{name}' shape [{string.Join(", ", shape)}] is not a vector or matrix");
        }

        return (shape.Length == 1 ? 1 : (int)shape[0], (int)shape[^1]);
    }

    private static DeviceBuffer Keep(DeviceBuffer buffer, List<DeviceBuffer> buffers)
    {
        buffers.Add(buffer);
        return buffer;
    }

    private static ChunkReader MemoryReader(nint data) =>
        (offset, destination) => new ReadOnlySpan<byte>((byte*)data + offset, destination.Length).CopyTo(destination);

    private ChunkReader FileReader(string path, long tensorOffset)
    {
        if (!_readers.TryGetValue(path, out var reader))
        {
            reader = new FileRangeReader(path);
            _readers[path] = reader;
        }

        return (offset, destination) => reader.Read(tensorOffset + offset, destination);
    }
}
