using System.Runtime.InteropServices;

namespace Sluice.Engine.Compute.Cuda.Native;

/// <summary>
/// Bindings to NVRTC (libnvrtc.so.13, falling back to .so.12): compiles CUDA C++ source to a cubin for one
/// architecture. Calls go through <see cref="Check"/>, which names the call and NVRTC's error string.
/// </summary>
public static unsafe partial class Nvrtc
{
    static Nvrtc() => NativeLibraries.EnsureRegistered();

    /// <summary>Throws when <paramref name="result"/> is not NVRTC_SUCCESS, naming <paramref name="call"/>.</summary>
    public static void Check(int result, string call)
    {
        if (result == 0)
        {
            return;
        }

        var text = Marshal.PtrToStringAnsi(nvrtcGetErrorString(result)) ?? "unknown error";
        throw new CudaException($"{call} failed: {text} ({result})") { Status = result };
    }

    /// <summary>NVRTC's version as "major.minor".</summary>
    public static string Version()
    {
        Check(nvrtcVersion(out var major, out var minor), nameof(nvrtcVersion));
        return $"{major}.{minor}";
    }

    [LibraryImport(NativeLibraries.Nvrtc)]
    internal static partial nint nvrtcGetErrorString(int result);

    [LibraryImport(NativeLibraries.Nvrtc)]
    internal static partial int nvrtcVersion(out int major, out int minor);

    [LibraryImport(NativeLibraries.Nvrtc, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int nvrtcCreateProgram(out nint program, string source, string name, int numHeaders, nint headers, nint includeNames);

    [LibraryImport(NativeLibraries.Nvrtc)]
    internal static partial int nvrtcCompileProgram(nint program, int numOptions, nint* options);

    [LibraryImport(NativeLibraries.Nvrtc)]
    internal static partial int nvrtcGetProgramLogSize(nint program, out nuint size);

    [LibraryImport(NativeLibraries.Nvrtc)]
    internal static partial int nvrtcGetProgramLog(nint program, byte* log);

    [LibraryImport(NativeLibraries.Nvrtc)]
    internal static partial int nvrtcGetCUBINSize(nint program, out nuint size);

    [LibraryImport(NativeLibraries.Nvrtc)]
    internal static partial int nvrtcGetCUBIN(nint program, byte* cubin);

    [LibraryImport(NativeLibraries.Nvrtc)]
    internal static partial int nvrtcDestroyProgram(ref nint program);
}
