using Sluice.Engine.Model.Config;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Model;

/// <summary>Resolves a model source: a Hugging Face model directory or <c>dummy://&lt;preset&gt;</c>.</summary>
public static class ModelSource
{
    /// <summary>The config of <paramref name="source"/> without touching weights (bos/eos ids, shapes).</summary>
    public static ModelConfig LoadConfig(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (DummyPresets.IsDummy(source))
        {
            return DummyPresets.Get(source);
        }

        if (!Directory.Exists(source))
        {
            throw new ModelLoadException($"{source}: model directory not found");
        }

        return ModelConfigParser.LoadDirectory(source);
    }

    /// <summary>
    /// The config and weights of <paramref name="source"/>. Dummy weights are seeded with <paramref name="dummySeed"/>
    /// and generated as bf16 when their fp32 size exceeds <paramref name="maxDummyFp32Bytes"/>.
    /// </summary>
    public static (ModelConfig Config, IWeightSource Weights) Open(string source, ulong dummySeed, long maxDummyFp32Bytes)
    {
        var config = LoadConfig(source);
        if (DummyPresets.IsDummy(source))
        {
            var dtype = WeightLayout.For(config).Bytes(WeightDtype.F32) > maxDummyFp32Bytes ? WeightDtype.BF16 : WeightDtype.F32;
            return (config, new DummyWeightSource(source, config, dummySeed, dtype));
        }

        return (config, SafetensorsWeightSource.Open(source));
    }

    /// <summary>
    /// The reader of <paramref name="source"/>'s decoder linear weights under <paramref name="requested"/>: reads the
    /// checkpoint's quantization_config (none for a dummy preset) and resolves the mode in force
    /// (<see cref="QuantizationResolver.Resolve"/>). Throws <see cref="ModelLoadException"/> for an unsupported or
    /// contradicting format.
    /// </summary>
    public static LinearLoader Linear(string source, IWeightSource weights, QuantizationMode requested, ulong dummySeed)
    {
        var dummy = DummyPresets.IsDummy(source);
        var checkpoint = dummy ? CheckpointQuantization.None : CheckpointQuantizationParser.Load(Path.Combine(source, "config.json"));
        return new LinearLoader(weights, checkpoint, QuantizationResolver.Resolve(requested, checkpoint, dummy, source), dummySeed);
    }

    /// <summary>The model id a source is served under by default: the directory name or the preset name.</summary>
    public static string DefaultName(string source) =>
        DummyPresets.IsDummy(source) ? source[DummyPresets.Scheme.Length..] : Path.GetFileName(source.TrimEnd('/', '\\'));
}
