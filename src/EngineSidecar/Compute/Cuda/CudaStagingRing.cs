using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Compute.Staging;
using Sluice.Engine.Model.Weights;
using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;
using static Sluice.Engine.Compute.Cuda.Runtime.KernelArg;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// <see cref="IStagingRing"/> on a GPU: pinned host buffers copied by <c>cuMemcpyHtoDAsync</c> on the device's stream, an
/// event per buffer recorded after its copy (and conversion) so the host reuses it only once the device is done with it.
/// bf16 chunks go straight to their destination; fp16/fp32 chunks go to a device scratch buffer of the same size and
/// <c>convert_to_bf16</c> writes them to the destination (twin: <see cref="Bf16.Convert"/>).
/// Host memory: <see cref="IStagingRing.Count"/> × <see cref="IStagingRing.BufferBytes"/> pinned bytes, nothing else.
/// </summary>
public sealed unsafe class CudaStagingRing : IStagingRing, IDisposable
{
    /// <summary>Default bytes per staging buffer: 64 MiB.</summary>
    public const int DefaultBufferBytes = 64 << 20;

    private const uint ConvertThreads = 256;
    private const long MaxConvertBlocks = 4096;

    private readonly CudaModule _module;
    private readonly CudaDevice _device;
    private readonly PinnedBuffer[] _host;
    private readonly DeviceBuffer?[] _scratch;
    private readonly nint[] _events;
    private readonly bool[] _pending;

    /// <summary>Allocates <paramref name="count"/> pinned buffers of <paramref name="bufferBytes"/> bytes and their events (context current).</summary>
    public CudaStagingRing(CudaModule module, CudaDevice device, int count = 2, int bufferBytes = DefaultBufferBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferBytes, sizeof(float));
        _module = module;
        _device = device;
        BufferBytes = bufferBytes;
        _host = new PinnedBuffer[count];
        _scratch = new DeviceBuffer?[count];
        _events = new nint[count];
        _pending = new bool[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                _host[i] = new PinnedBuffer(bufferBytes);
                Check(cuEventCreate(out _events[i], 2), nameof(cuEventCreate)); // CU_EVENT_DISABLE_TIMING
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Count => _host.Length;

    public int BufferBytes { get; }

    public Span<byte> Acquire(int buffer)
    {
        if (_pending[buffer])
        {
            Check(cuEventSynchronize(_events[buffer]), nameof(cuEventSynchronize));
            _pending[buffer] = false;
        }

        return new Span<byte>((void*)_host[buffer].Pointer, BufferBytes);
    }

    public void Submit(int buffer, StagingChunk chunk, ulong destination, WeightDtype dtype)
    {
        var stream = _device.Stream;
        var target = destination + ((ulong)chunk.FirstElement * sizeof(ushort));
        var host = (void*)_host[buffer].Pointer;
        if (dtype == WeightDtype.BF16)
        {
            Check(cuMemcpyHtoDAsync(target, host, (nuint)chunk.Bytes, stream), nameof(cuMemcpyHtoDAsync));
        }
        else
        {
            var scratch = _scratch[buffer] ??= new DeviceBuffer(BufferBytes);
            Check(cuMemcpyHtoDAsync(scratch.Pointer, host, (nuint)chunk.Bytes, stream), nameof(cuMemcpyHtoDAsync));
            var blocks = (uint)Math.Clamp((chunk.Elements + ConvertThreads - 1) / ConvertThreads, 1, MaxConvertBlocks);
            _module.Launch("convert_to_bf16", (blocks, 1, 1), ConvertThreads, stream,
                Pointer(target), Pointer(scratch.Pointer), Int64(chunk.Elements), Int(dtype.SizeBytes()));
        }

        Check(cuEventRecord(_events[buffer], stream), nameof(cuEventRecord));
        _pending[buffer] = true;
    }

    public void Drain()
    {
        for (var i = 0; i < Count; i++)
        {
            Acquire(i);
        }
    }

    /// <summary>Waits for queued copies, then frees buffers and events.</summary>
    public void Dispose()
    {
        for (var i = 0; i < Count; i++)
        {
            if (_events[i] != 0)
            {
                _ = cuEventSynchronize(_events[i]);
                _ = cuEventDestroy(_events[i]);
                _events[i] = 0;
            }

            _host[i]?.Dispose();
            _scratch[i]?.Dispose();
            _scratch[i] = null;
        }
    }
}
