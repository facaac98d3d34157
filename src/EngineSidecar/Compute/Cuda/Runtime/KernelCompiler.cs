using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Sluice.Engine.Compute.Cuda.Native;
using static Sluice.Engine.Compute.Cuda.Native.Nvrtc;

namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>
/// Compiles CUDA C++ source to a cubin with NVRTC for one architecture, caching cubins on disk under
/// <see cref="CacheDirectory"/> keyed by SHA-256 of (source, architecture, NVRTC version, options): a second
/// start with the same source loads the cached file instead of compiling.
/// </summary>
public sealed unsafe class KernelCompiler(string cacheDirectory)
{
    private static readonly string[] BaseOptions = ["--std=c++17", "-default-device", "--extra-device-vectorization"];

    /// <summary>Where cubins are kept.</summary>
    public string CacheDirectory { get; } = cacheDirectory;

    /// <summary>Name of the variable that sets the cache directory (the operator sets it in engine pods).</summary>
    public const string CacheDirectoryEnv = "SLUICE_KERNEL_CACHE";

    /// <summary>The default cache of this process (see <see cref="DefaultCacheDirectory(Func{string, string?}, string)"/>).</summary>
    public static string DefaultCacheDirectory() =>
        DefaultCacheDirectory(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>
    /// $SLUICE_KERNEL_CACHE when set and not blank, else $XDG_CACHE_HOME/sluice/kernels, else
    /// <paramref name="home"/>/.cache/sluice/kernels; <paramref name="environment"/> looks variables up.
    /// </summary>
    public static string DefaultCacheDirectory(Func<string, string?> environment, string home)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var explicitDir = environment(CacheDirectoryEnv);
        if (!string.IsNullOrWhiteSpace(explicitDir))
        {
            return explicitDir;
        }

        var xdg = environment("XDG_CACHE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg) ? Path.Combine(home, ".cache") : xdg;
        return Path.Combine(root, "sluice", "kernels");
    }

    /// <summary>
    /// The cubin of <paramref name="source"/> for <paramref name="architecture"/> (e.g. "sm_90") and whether it came
    /// from the cache. Throws <see cref="CudaException"/> with NVRTC's log when compilation fails.
    /// </summary>
    public (byte[] Cubin, bool FromCache) Compile(string name, string source, string architecture)
    {
        var version = Version();
        var options = BaseOptions.Append($"--gpu-architecture={architecture}").ToArray();
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', [source, architecture, version, .. options]))));
        var path = Path.Combine(CacheDirectory, $"{name}-{architecture}-nvrtc{version}-{key[..16]}.cubin");
        if (File.Exists(path))
        {
            return (File.ReadAllBytes(path), true);
        }

        var cubin = CompileUncached(name, source, options);
        try
        {
            Directory.CreateDirectory(CacheDirectory);
            var temp = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temp, cubin);
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException)
        {
            // An unwritable cache only costs a compile at the next start.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }

        return (cubin, false);
    }

    private static byte[] CompileUncached(string name, string source, string[] options)
    {
        Check(nvrtcCreateProgram(out var program, source, name + ".cu", 0, 0, 0), nameof(nvrtcCreateProgram));
        var optionPointers = options.Select(o => Marshal.StringToCoTaskMemUTF8(o)).ToArray();
        try
        {
            int result;
            fixed (nint* p = optionPointers)
            {
                result = nvrtcCompileProgram(program, optionPointers.Length, p);
            }

            if (result != 0)
            {
                var log = Log(program);
                throw new CudaException($"nvrtcCompileProgram({name}) failed: {Marshal.PtrToStringAnsi(nvrtcGetErrorString(result))}\n{log}") { Status = result };
            }

            Check(nvrtcGetCUBINSize(program, out var size), nameof(nvrtcGetCUBINSize));
            var cubin = new byte[(int)size];
            fixed (byte* c = cubin)
            {
                Check(nvrtcGetCUBIN(program, c), nameof(nvrtcGetCUBIN));
            }

            return cubin;
        }
        finally
        {
            foreach (var p in optionPointers)
            {
                Marshal.FreeCoTaskMem(p);
            }

            _ = nvrtcDestroyProgram(ref program);
        }
    }

    private static string Log(nint program)
    {
        if (nvrtcGetProgramLogSize(program, out var size) != 0 || size <= 1)
        {
            return string.Empty;
        }

        var buffer = new byte[(int)size];
        fixed (byte* b = buffer)
        {
            _ = nvrtcGetProgramLog(program, b);
        }

        return Encoding.UTF8.GetString(buffer, 0, buffer.Length - 1);
    }
}
