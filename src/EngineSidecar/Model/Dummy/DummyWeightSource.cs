using System.Runtime.InteropServices;
using Sluice.Engine.Model.Config;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Model.Dummy;

/// <summary>
/// Random weights for a dummy preset, generated on first request of each tensor into native memory,
/// deterministically from (seed, tensor name, row): the same seed gives the same model regardless of
/// thread count. A tensor the backend has copied is freed on <see cref="Release"/>, so host memory stays bounded by
/// the largest tensor. Matrices are uniform with standard deviation 1/√inFeatures; norm weights are 1 ± 0.1.
/// </summary>
public sealed unsafe class DummyWeightSource : IWeightSource
{
    private readonly Dictionary<string, WeightSpec> _specs;
    private readonly Dictionary<string, TensorView> _generated = new(StringComparer.Ordinal);
    private readonly Dictionary<string, nint> _allocations = new(StringComparer.Ordinal);
    private readonly ulong _seed;
    private readonly WeightDtype _dtype;
    private bool _disposed;

    /// <param name="dtype">Element type to generate (BF16 halves the memory of big presets).</param>
    public DummyWeightSource(string description, ModelConfig config, ulong seed, WeightDtype dtype = WeightDtype.F32)
    {
        Description = description;
        _specs = WeightLayout.For(config).Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _seed = seed;
        _dtype = dtype;
    }

    public string Description { get; }

    public TensorView Get(string name, IReadOnlyList<long> expectedShape)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_generated.TryGetValue(name, out var existing))
        {
            return existing;
        }

        if (!_specs.TryGetValue(name, out var spec))
        {
            throw new ModelLoadException($"{Description}: tensor '{name}' is missing");
        }

        if (!spec.Shape.SequenceEqual(expectedShape))
        {
            throw new ModelLoadException(
                $"{Description}: tensor '{name}' has shape [{string.Join(", ", spec.Shape)}], expected [{string.Join(", ", expectedShape)}]");
        }

        var view = Generate(spec);
        _generated[name] = view;
        return view;
    }

    public bool Contains(string name) => _specs.ContainsKey(name);

    public RawTensor GetRaw(string name) =>
        throw new ModelLoadException($"{Description}: dummy weights have no stored tensor '{name}' (they are generated)");

    /// <summary>Frees the generated tensor <paramref name="name"/>; a later <see cref="Get"/> generates it again.</summary>
    public void Release(string name)
    {
        if (_allocations.Remove(name, out var pointer))
        {
            NativeMemory.AlignedFree((void*)pointer);
            _generated.Remove(name);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var pointer in _allocations.Values)
        {
            NativeMemory.AlignedFree((void*)pointer);
        }

        _allocations.Clear();
        _generated.Clear();
    }

    private TensorView Generate(WeightSpec spec)
    {
        var cols = spec.Shape[^1];
        var rows = spec.ElementCount / cols;
        var data = (byte*)NativeMemory.AlignedAlloc((nuint)(spec.ElementCount * _dtype.SizeBytes()), 64);
        _allocations[spec.Name] = (nint)data;
        var isNorm = spec.Shape.Length == 1 && spec.Name.EndsWith("norm.weight", StringComparison.Ordinal);
        var isBias = spec.Shape.Length == 1 && !isNorm;
        var amplitude = isNorm || isBias ? 0.1f : MathF.Sqrt(3f / cols);
        var offset = isNorm ? 1f : 0f;
        var nameHash = Fnv1a(spec.Name);
        var dtype = _dtype;
        Parallel.For(0L, rows, row =>
        {
            var state = _seed ^ nameHash ^ ((ulong)row * 0x9E3779B97F4A7C15UL);
            for (long c = 0; c < cols; c++)
            {
                var u = (float)((SplitMix64(ref state) >> 40) * (1.0 / (1UL << 24)));
                var value = offset + (amplitude * ((2 * u) - 1));
                var index = (row * cols) + c;
                switch (dtype)
                {
                    case WeightDtype.F32:
                        ((float*)data)[index] = value;
                        break;
                    case WeightDtype.F16:
                        ((Half*)data)[index] = (Half)value;
                        break;
                    default:
                        ((ushort*)data)[index] = (ushort)(BitConverter.SingleToUInt32Bits(value) >> 16);
                        break;
                }
            }
        });
        return new TensorView(spec.Name, _dtype, spec.Shape, (nint)data, Description);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var ch in text)
        {
            hash = (hash ^ ch) * 1099511628211UL;
        }

        return hash;
    }
}
