using System.Runtime.InteropServices;
using Sluice.Engine.Model.Config;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Model.Dummy;

/// <summary>
/// Random weights for a dummy preset, deterministically from (seed, tensor name, element index) through
/// <see cref="DummyRandom"/>: the same seed gives the same model on any backend and thread count. Backends generate
/// tensors themselves from <see cref="Describe"/> (a GPU in device memory); <see cref="Get"/> materialises one in native
/// memory for readers that need host bytes, freed on <see cref="Release"/>. Matrices are uniform with standard
/// deviation 1/√inFeatures; norm weights are 1 ± 0.1, biases ± 0.1.
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

        var view = Generate(Describe(name, expectedShape));
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

    /// <summary>
    /// How tensor <paramref name="name"/> is generated, without generating it; throws <see cref="ModelLoadException"/> when the
    /// preset has no such tensor or its shape is not <paramref name="expectedShape"/>.
    /// </summary>
    public GeneratedTensor Describe(string name, IReadOnlyList<long> expectedShape)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_specs.TryGetValue(name, out var spec))
        {
            throw new ModelLoadException($"{Description}: tensor '{name}' is missing");
        }

        if (!spec.Shape.SequenceEqual(expectedShape))
        {
            throw new ModelLoadException(
                $"{Description}: tensor '{name}' has shape [{string.Join(", ", spec.Shape)}], expected [{string.Join(", ", expectedShape)}]");
        }

        var isNorm = spec.Shape.Length == 1 && spec.Name.EndsWith("norm.weight", StringComparison.Ordinal);
        var isBias = spec.Shape.Length == 1 && !isNorm;
        var amplitude = isNorm || isBias ? 0.1f : MathF.Sqrt(3f / spec.Shape[^1]);
        var fill = new DummyFill(DummyRandom.StreamKey(_seed, spec.Name), isNorm ? 1f : 0f, amplitude);
        return new GeneratedTensor(spec.Name, spec.Shape, fill, _dtype);
    }

    private TensorView Generate(GeneratedTensor tensor)
    {
        var data = (nint)NativeMemory.AlignedAlloc((nuint)(tensor.ElementCount * _dtype.SizeBytes()), 64);
        _allocations[tensor.Name] = data;
        DummyRandom.Fill(tensor.Fill, tensor.ElementCount, _dtype, data);
        return new TensorView(tensor.Name, _dtype, tensor.Shape, data, Description);
    }
}
