using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>A loaded cubin whose kernels are launched by name on one stream; function handles are looked up once.</summary>
public sealed unsafe class CudaModule : IDisposable
{
    private readonly Dictionary<string, nint> _functions = new(StringComparer.Ordinal);
    private nint _module;

    /// <summary>Loads <paramref name="cubin"/> into the current context.</summary>
    public CudaModule(byte[] cubin)
    {
        fixed (byte* image = cubin)
        {
            Check(cuModuleLoadData(out _module, image), nameof(cuModuleLoadData));
        }
    }

    /// <summary>The handle of kernel <paramref name="name"/> (an extern "C" function).</summary>
    public nint Function(string name)
    {
        if (!_functions.TryGetValue(name, out var function))
        {
            Check(cuModuleGetFunction(out function, _module, name), $"cuModuleGetFunction({name})");
            _functions[name] = function;
        }

        return function;
    }

    /// <summary>
    /// Queues kernel <paramref name="name"/> on <paramref name="stream"/>. Each argument is one 8-byte slot holding the
    /// parameter's bits (see <see cref="KernelArg"/>); the driver reads as many bytes as the parameter's type has.
    /// </summary>
    public void Launch(string name, (uint X, uint Y, uint Z) grid, uint blockThreads, nint stream, params ReadOnlySpan<ulong> args)
    {
        if (grid.X == 0 || grid.Y == 0 || grid.Z == 0)
        {
            return;
        }

        var values = stackalloc ulong[args.Length];
        var pointers = stackalloc void*[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            values[i] = args[i];
            pointers[i] = values + i;
        }

        Check(cuLaunchKernel(Function(name), grid.X, grid.Y, grid.Z, blockThreads, 1, 1, 0, stream, pointers, null), $"cuLaunchKernel({name})");
    }

    public void Dispose()
    {
        if (_module != 0)
        {
            _ = cuModuleUnload(_module);
            _module = 0;
        }
    }
}
