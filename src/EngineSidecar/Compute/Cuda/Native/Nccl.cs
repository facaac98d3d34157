using System.Runtime.InteropServices;

namespace Sluice.Engine.Compute.Cuda.Native;

/// <summary>
/// Bindings to NCCL (libnccl.so.2, the NCCL 2 ABI). Every entry point but <see cref="ncclGetErrorString"/> returns an
/// ncclResult_t; call them through <see cref="Check"/>, which throws a <see cref="CudaException"/> naming the call and
/// NCCL's error string. Communicators are opaque pointers; buffers are device pointers (CUdeviceptr as nint); streams are
/// CUstream handles (the same objects as cudaStream_t). Call <see cref="DisableNvlinkMulticast"/> before the first
/// communicator is made.
/// </summary>
public static unsafe partial class Nccl
{
    /// <summary>ncclFloat32.</summary>
    public const int Float32 = 7;

    /// <summary>ncclBfloat16.</summary>
    public const int Bfloat16 = 9;

    /// <summary>ncclSum.</summary>
    public const int Sum = 0;

    /// <summary>The variable that turns NVLink SHARP / multicast (NVLS) on or off.</summary>
    public const string NvlsEnableVariable = "NCCL_NVLS_ENABLE";

    static Nccl() => NativeLibraries.EnsureRegistered();

    /// <summary>Throws when <paramref name="result"/> is not ncclSuccess, naming <paramref name="call"/>.</summary>
    public static void Check(int result, string call)
    {
        if (result != 0)
        {
            var text = Marshal.PtrToStringAnsi(ncclGetErrorString(result)) ?? "unknown error";
            throw new CudaException($"{call} failed: NCCL error {result} ({text})") { Status = result };
        }
    }

    /// <summary>
    /// Sets NCCL_NVLS_ENABLE=0 in the process environment that NCCL reads (the C library's, which .NET's
    /// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not change on Linux), overriding any
    /// value: NVLink multicast stays off. Takes effect for communicators made afterwards.
    /// </summary>
    public static void DisableNvlinkMulticast()
    {
        if (setenv(NvlsEnableVariable, "0", 1) != 0)
        {
            throw new InvalidOperationException($"setenv({NvlsEnableVariable}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        Environment.SetEnvironmentVariable(NvlsEnableVariable, "0");
    }

    /// <summary>The C library's value of <paramref name="name"/> (what NCCL reads), or null when unset.</summary>
    public static string? NativeEnvironment(string name) => Marshal.PtrToStringUTF8(getenv(name));

    /// <summary>NCCL's version code (e.g. 22703 = 2.27.3).</summary>
    public static int Version()
    {
        Check(ncclGetVersion(out var version), nameof(ncclGetVersion));
        return version;
    }

    [LibraryImport(NativeLibraries.Nccl)]
    internal static partial nint ncclGetErrorString(int result);

    [LibraryImport(NativeLibraries.Nccl)]
    internal static partial int ncclGetVersion(out int version);

    /// <summary>A new id for a communicator whose ranks live in several processes.</summary>
    [LibraryImport(NativeLibraries.Nccl)]
    internal static partial int ncclGetUniqueId(out NcclUniqueId uniqueId);

    /// <summary>Joins rank <paramref name="rank"/> of <paramref name="ranks"/> to the communicator of <paramref name="id"/> on the current device; blocks until every rank joined.</summary>
    [LibraryImport(NativeLibraries.Nccl)]
    internal static partial int ncclCommInitRank(out nint comm, int ranks, NcclUniqueId id, int rank);

    /// <summary>One communicator per device of <paramref name="devices"/> (a single process driving all of them); comms[i] is rank i.</summary>
    [LibraryImport(NativeLibraries.Nccl)]
    internal static partial int ncclCommInitAll(nint* comms, int count, int* devices);

    [LibraryImport(NativeLibraries.Nccl)]
    internal static partial int ncclCommDestroy(nint comm);

    /// <summary>recv[i] = Σ over ranks of send[i], <paramref name="count"/> elements of <paramref name="dataType"/>; queued on <paramref name="stream"/>. send == recv is in place.</summary>
    [LibraryImport(NativeLibraries.Nccl)]
    internal static partial int ncclAllReduce(nint send, nint recv, nuint count, int dataType, int op, nint comm, nint stream);

    /// <summary>recv[r · sendCount + i] = send of rank r [i]; queued on <paramref name="stream"/>.</summary>
    [LibraryImport(NativeLibraries.Nccl)]
    internal static partial int ncclAllGather(nint send, nint recv, nuint sendCount, int dataType, nint comm, nint stream);

    /// <summary>Starts a group: collectives until <see cref="ncclGroupEnd"/> are launched together (needed when one thread drives several ranks).</summary>
    [LibraryImport(NativeLibraries.Nccl)]
    internal static partial int ncclGroupStart();

    [LibraryImport(NativeLibraries.Nccl)]
    internal static partial int ncclGroupEnd();

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getenv(string name);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setenv(string name, string value, int overwrite);
}
