using Sluice.Engine.Model;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Cpu;

/// <summary>Entry point of the CPU backend: loads a model and returns a runner for it.</summary>
public static class CpuModelRunner
{
    /// <summary>
    /// Loads <paramref name="source"/> (a Hugging Face directory with config.json and safetensors, or
    /// <c>dummy://&lt;preset&gt;</c>) onto a <see cref="CpuBackend"/>. Throws <see cref="ModelLoadException"/>
    /// for a missing/malformed file, missing tensor, wrong shape, unsupported dtype, architecture or quantization.
    /// The caller allocates the KV cache (<see cref="IModelRunner.AllocateKvCache"/>) before the first Forward.
    /// </summary>
    public static TransformerRunner Load(string source, CpuRunnerOptions? options = null)
    {
        options ??= new CpuRunnerOptions();
        var (config, weights) = ModelSource.Open(source, options.DummySeed, options.MaxDummyFp32Bytes);
        var backend = new CpuBackend(options);
        try
        {
            var linear = ModelSource.Linear(source, weights, options.Quantization, options.DummySeed);
            var progress = options.LoadLog is { } log ? new LoadProgress(WeightLayout.For(config).ParameterCount, log) : null;
            return new TransformerRunner(config, weights, backend, linear, progress);
        }
        catch
        {
            backend.Dispose();
            weights.Dispose();
            throw;
        }
    }
}
