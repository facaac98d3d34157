using Sluice.Engine.Compute.TensorParallel;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Quantization;
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

    /// <summary>
    /// Loads <paramref name="source"/> sharded over <paramref name="ranks"/> CPU ranks in this process (the twin of tensor
    /// parallelism across GPUs): one <see cref="CpuBackend"/> per rank with an equal share of
    /// <see cref="CpuRunnerOptions.MaxThreads"/>, joined by an <see cref="InProcessCollectiveGroup"/>. Checks the split
    /// (<see cref="TensorParallelLayout.Problem"/>, <see cref="ArgumentException"/>) before reading any weight; otherwise
    /// throws as <see cref="Load"/> does, and <see cref="ModelLoadException"/> for a quantized weight that cannot be split.
    /// </summary>
    public static TensorParallelRunner LoadSharded(string source, int ranks, CpuRunnerOptions? options = null)
    {
        options ??= new CpuRunnerOptions();
        TensorParallelLayout.Create(ModelSource.LoadConfig(source), ranks);
        var (config, weights) = ModelSource.Open(source, options.DummySeed, options.MaxDummyFp32Bytes);
        ILinearReader linear;
        try
        {
            linear = ModelSource.Linear(source, weights, options.Quantization, options.DummySeed);
        }
        catch
        {
            weights.Dispose();
            throw;
        }

        var rankOptions = options with { MaxThreads = Math.Max(1, options.MaxThreads / ranks) };
        Func<long, LoadProgress>? progress = options.LoadLog is { } log ? parameters => new LoadProgress(parameters, log) : null;
        return TensorParallelRunner.Load(config, weights, linear, new InProcessCollectiveGroup(ranks), _ => new CpuBackend(rankOptions), progress);
    }
}
