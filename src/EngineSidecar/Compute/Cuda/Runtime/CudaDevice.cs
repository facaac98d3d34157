using System.Text;
using Sluice.Engine.Compute.Cuda.Native;
using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>
/// One GPU with its primary context made current on the creating thread, and one stream on which every
/// operation of the owner is queued in order. Disposing destroys the stream and releases the context.
/// </summary>
public sealed unsafe class CudaDevice : IDisposable
{
    private nint _stream;
    private bool _disposed;

    /// <summary>Initialises the driver and retains device <paramref name="ordinal"/>'s primary context.</summary>
    public CudaDevice(int ordinal = 0)
    {
        Check(cuInit(0), nameof(cuInit));
        Check(cuDeviceGetCount(out var count), nameof(cuDeviceGetCount));
        if (ordinal < 0 || ordinal >= count)
        {
            throw new CudaException($"CUDA device {ordinal} requested, {count} present");
        }

        Check(cuDeviceGet(out var device, ordinal), nameof(cuDeviceGet));
        Ordinal = device;
        Check(cuDevicePrimaryCtxRetain(out var context, device), nameof(cuDevicePrimaryCtxRetain));
        Context = context;
        MakeCurrent();
        // A blocking stream: synchronous copies on the legacy stream are ordered with its work.
        Check(cuStreamCreate(out _stream, 0), nameof(cuStreamCreate));
        var name = stackalloc byte[256];
        Check(cuDeviceGetName(name, 256, device), nameof(cuDeviceGetName));
        Name = Encoding.UTF8.GetString(name, new ReadOnlySpan<byte>(name, 256).IndexOf((byte)0));
        ComputeMajor = Attribute(AttributeComputeCapabilityMajor);
        ComputeMinor = Attribute(AttributeComputeCapabilityMinor);
        MultiprocessorCount = Attribute(AttributeMultiprocessorCount);
        Check(cuDeviceTotalMem(out var total, device), nameof(cuDeviceTotalMem));
        TotalMemoryBytes = (long)total;
        Check(cuDriverGetVersion(out var version), nameof(cuDriverGetVersion));
        DriverVersion = version;
    }

    /// <summary>Device name as the driver reports it, e.g. "NVIDIA H100 80GB HBM3".</summary>
    public string Name { get; }

    public int Ordinal { get; }

    public nint Context { get; }

    /// <summary>The stream all work of this device object is queued on.</summary>
    public nint Stream => _stream;

    public int ComputeMajor { get; }

    public int ComputeMinor { get; }

    /// <summary>NVRTC architecture name, e.g. "sm_90".</summary>
    public string Architecture => $"sm_{ComputeMajor}{ComputeMinor}";

    public int MultiprocessorCount { get; }

    public long TotalMemoryBytes { get; }

    /// <summary>CUDA driver version as an integer (13000 = 13.0).</summary>
    public int DriverVersion { get; }

    /// <summary>True when a CUDA driver is installed and reports at least one device; never throws.</summary>
    public static bool IsAvailable(out string reason)
    {
        if (!NativeLibraries.TryLoadDriver())
        {
            reason = "libcuda.so.1 cannot be loaded (no NVIDIA driver)";
            return false;
        }

        try
        {
            Check(cuInit(0), nameof(cuInit));
            Check(cuDeviceGetCount(out var count), nameof(cuDeviceGetCount));
            reason = count > 0 ? string.Empty : "the CUDA driver reports no device";
            return count > 0;
        }
        catch (CudaException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>Devices the driver reports (after CUDA_VISIBLE_DEVICES); throws <see cref="CudaException"/> when it cannot say.</summary>
    public static int VisibleCount()
    {
        Check(cuInit(0), nameof(cuInit));
        Check(cuDeviceGetCount(out var count), nameof(cuDeviceGetCount));
        return count;
    }

    /// <summary>Makes this device's context current on the calling thread.</summary>
    public void MakeCurrent() => Check(cuCtxSetCurrent(Context), nameof(cuCtxSetCurrent));

    /// <summary>Free and total device memory in bytes.</summary>
    public (long FreeBytes, long TotalBytes) MemoryInfo()
    {
        Check(cuMemGetInfo(out var free, out var total), nameof(cuMemGetInfo));
        return ((long)free, (long)total);
    }

    /// <summary>Blocks until all work queued on <see cref="Stream"/> finished.</summary>
    public void Synchronize() => Check(cuStreamSynchronize(_stream), nameof(cuStreamSynchronize));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_stream != 0)
        {
            _ = cuStreamSynchronize(_stream);
            _ = cuStreamDestroy(_stream);
            _stream = 0;
        }

        _ = cuDevicePrimaryCtxRelease(Ordinal);
    }

    private int Attribute(int attribute)
    {
        Check(cuDeviceGetAttribute(out var value, attribute, Ordinal), nameof(cuDeviceGetAttribute));
        return value;
    }
}
