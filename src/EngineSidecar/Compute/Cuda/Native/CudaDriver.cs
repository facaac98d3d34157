using System.Runtime.InteropServices;

namespace Sluice.Engine.Compute.Cuda.Native;

/// <summary>
/// Bindings to the CUDA driver API (libcuda.so.1). Every entry point returns a CUresult; call them through
/// <see cref="Check"/>, which throws a <see cref="CudaException"/> naming the call and the driver's error string.
/// Handles (contexts, streams, events, modules, functions, graphs) are opaque pointers; device memory is a
/// 64-bit CUdeviceptr.
/// </summary>
public static unsafe partial class CudaDriver
{
    /// <summary>CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT.</summary>
    public const int AttributeMultiprocessorCount = 16;

    /// <summary>CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR.</summary>
    public const int AttributeComputeCapabilityMajor = 75;

    /// <summary>CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR.</summary>
    public const int AttributeComputeCapabilityMinor = 76;

    /// <summary>CU_STREAM_CAPTURE_MODE_THREAD_LOCAL.</summary>
    public const int CaptureModeThreadLocal = 1;

    static CudaDriver() => NativeLibraries.EnsureRegistered();

    /// <summary>Throws when <paramref name="result"/> is not CUDA_SUCCESS, naming <paramref name="call"/>.</summary>
    public static void Check(int result, string call)
    {
        if (result == 0)
        {
            return;
        }

        string name = "CUDA_ERROR_" + result, text = "unknown error";
        if (cuGetErrorName(result, out var namePtr) == 0 && namePtr != 0)
        {
            name = Marshal.PtrToStringAnsi(namePtr) ?? name;
        }

        if (cuGetErrorString(result, out var textPtr) == 0 && textPtr != 0)
        {
            text = Marshal.PtrToStringAnsi(textPtr) ?? text;
        }

        throw new CudaException($"{call} failed: {name} ({text})") { Status = result };
    }

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuGetErrorName(int error, out nint name);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuGetErrorString(int error, out nint text);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuInit(uint flags);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuDriverGetVersion(out int version);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuDeviceGetCount(out int count);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuDeviceGet(out int device, int ordinal);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuDeviceGetName(byte* name, int length, int device);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuDeviceGetAttribute(out int value, int attribute, int device);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuDeviceTotalMem_v2")]
    internal static partial int cuDeviceTotalMem(out nuint bytes, int device);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuDevicePrimaryCtxRetain(out nint context, int device);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuDevicePrimaryCtxRelease_v2")]
    internal static partial int cuDevicePrimaryCtxRelease(int device);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuCtxSetCurrent(nint context);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuCtxSynchronize();

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuMemGetInfo_v2")]
    internal static partial int cuMemGetInfo(out nuint free, out nuint total);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuMemAlloc_v2")]
    internal static partial int cuMemAlloc(out ulong pointer, nuint bytes);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuMemFree_v2")]
    internal static partial int cuMemFree(ulong pointer);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuMemAllocHost_v2")]
    internal static partial int cuMemAllocHost(out nint pointer, nuint bytes);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuMemFreeHost(nint pointer);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuMemcpyHtoD_v2")]
    internal static partial int cuMemcpyHtoD(ulong destination, void* source, nuint bytes);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuMemcpyDtoH_v2")]
    internal static partial int cuMemcpyDtoH(void* destination, ulong source, nuint bytes);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuMemcpyHtoDAsync_v2")]
    internal static partial int cuMemcpyHtoDAsync(ulong destination, void* source, nuint bytes, nint stream);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuMemcpyDtoHAsync_v2")]
    internal static partial int cuMemcpyDtoHAsync(void* destination, ulong source, nuint bytes, nint stream);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuMemcpyDtoDAsync_v2")]
    internal static partial int cuMemcpyDtoDAsync(ulong destination, ulong source, nuint bytes, nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuMemsetD8Async(ulong destination, byte value, nuint count, nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuMemsetD16Async(ulong destination, ushort value, nuint count, nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuMemsetD32Async(ulong destination, uint value, nuint count, nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuStreamCreate(out nint stream, uint flags);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuStreamDestroy_v2")]
    internal static partial int cuStreamDestroy(nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuStreamSynchronize(nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuEventCreate(out nint evt, uint flags);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuEventDestroy_v2")]
    internal static partial int cuEventDestroy(nint evt);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuEventRecord(nint evt, nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuEventSynchronize(nint evt);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuEventElapsedTime(out float milliseconds, nint start, nint end);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuModuleLoadData(out nint module, void* image);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuModuleUnload(nint module);

    [LibraryImport(NativeLibraries.Driver, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int cuModuleGetFunction(out nint function, nint module, string name);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuLaunchKernel(
        nint function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedMemBytes, nint stream, void** kernelParams, void** extra);

    [LibraryImport(NativeLibraries.Driver, EntryPoint = "cuStreamBeginCapture_v2")]
    internal static partial int cuStreamBeginCapture(nint stream, int mode);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuStreamEndCapture(nint stream, out nint graph);

    /// <summary>attribute 4 = CU_FUNC_ATTRIBUTE_NUM_REGS (registers per thread).</summary>
    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuFuncGetAttribute(out int value, int attribute, nint function);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuOccupancyMaxActiveBlocksPerMultiprocessor(out int numBlocks, nint function, int blockSize, nuint dynamicSharedMemoryBytes);

    /// <summary>status: 0 = not capturing, 1 = capturing, 2 = capture invalidated.</summary>
    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuStreamIsCapturing(nint stream, out int status);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuGraphInstantiateWithFlags(out nint graphExec, nint graph, ulong flags);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuGraphLaunch(nint graphExec, nint stream);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuGraphExecDestroy(nint graphExec);

    [LibraryImport(NativeLibraries.Driver)]
    internal static partial int cuGraphDestroy(nint graph);
}
