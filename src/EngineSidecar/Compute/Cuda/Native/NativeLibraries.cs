using System.Reflection;
using System.Runtime.InteropServices;

namespace Sluice.Engine.Compute.Cuda.Native;

/// <summary>
/// Maps the logical library names of the CUDA bindings to the shared objects of the installed driver and
/// toolkit: "cuda" → libcuda.so.1, "nvrtc" → libnvrtc.so.13 then .so.12, "cublasLt" → libcublasLt.so.13 then .so.12,
/// "nccl" → libnccl.so.2 (found through the loader's path: LD_LIBRARY_PATH, ldconfig).
/// </summary>
public static class NativeLibraries
{
    /// <summary>Logical name of the driver API library.</summary>
    public const string Driver = "cuda";

    /// <summary>Logical name of the runtime compiler.</summary>
    public const string Nvrtc = "nvrtc";

    /// <summary>Logical name of cuBLASLt.</summary>
    public const string CublasLt = "cublasLt";

    /// <summary>Logical name of NCCL.</summary>
    public const string Nccl = "nccl";

    private static readonly Dictionary<string, string[]> Candidates = new(StringComparer.Ordinal)
    {
        [Driver] = ["libcuda.so.1", "libcuda.so", "nvcuda.dll"],
        [Nvrtc] = ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"],
        [CublasLt] = ["libcublasLt.so.13", "libcublasLt.so.12", "libcublasLt.so"],
        [Nccl] = ["libnccl.so.2", "libnccl.so"],
    };

    private static readonly Dictionary<string, string> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Installs the resolver for this assembly (idempotent).</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
            _registered = true;
        }
    }

    /// <summary>The file a logical library was loaded from, or null when it was not loaded yet.</summary>
    public static string? LoadedFile(string logicalName)
    {
        lock (Gate)
        {
            return Loaded.GetValueOrDefault(logicalName);
        }
    }

    /// <summary>True when libcuda.so.1 can be loaded (a driver is installed); loads nothing else.</summary>
    public static bool TryLoadDriver() => TryLoad(Driver, out _);

    private static bool TryLoad(string logicalName, out nint handle)
    {
        handle = 0;
        if (!Candidates.TryGetValue(logicalName, out var files))
        {
            return false;
        }

        foreach (var file in files)
        {
            if (NativeLibrary.TryLoad(file, out handle))
            {
                lock (Gate)
                {
                    Loaded[logicalName] = file;
                }

                return true;
            }
        }

        return false;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!Candidates.TryGetValue(libraryName, out var files))
        {
            return 0;
        }

        if (TryLoad(libraryName, out var handle))
        {
            return handle;
        }

        throw new DllNotFoundException($"none of {string.Join(", ", files)} could be loaded");
    }
}
