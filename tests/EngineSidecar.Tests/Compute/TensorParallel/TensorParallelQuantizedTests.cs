using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Compute.TensorParallel;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Tests.Model;

namespace Sluice.Engine.Tests.Compute.TensorParallel;

/// <summary>
/// Quantized weights shard so that the ranks compute the unsharded quantized model (int8 per-channel, int4 group-wise
/// row-split at group boundaries), or are refused at load with the reason (int4 groups cut, act-order, fp8 per-token scales).
/// </summary>
public sealed class TensorParallelQuantizedTests
{
    // Wide enough that o_proj's 512 and down_proj's 512 input columns split into whole 128-column int4 groups at 4 ranks.
    private static readonly Sluice.Engine.Model.Config.ModelConfig Int4Shape = DummyPresets.Get("dummy://tiny") with
    {
        HiddenSize = 512,
        NumHeads = 8,
        NumKvHeads = 2,
        HeadDim = 64,
        IntermediateSize = 512,
        NumLayers = 2,
        SlidingWindowPerLayer = [0, 0],
    };

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Int8_dummy_weights_shard_to_the_unsharded_logits(int ranks)
    {
        var options = new CpuRunnerOptions { Quantization = QuantizationMode.Int8 };
        using var reference = CpuModelRunner.Load("dummy://tiny", options);
        using var sharded = CpuModelRunner.LoadSharded("dummy://tiny", ranks, options);

        var steps = LockstepRun.Steps(reference, sharded, reference.Info.VocabSize, decodeSteps: 3);

        sharded.Info.Quantization.Should().Be("int8");
        LockstepRun.WorstError(steps).Should().BeLessThan(TensorParallelForwardTests.Tolerance);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Int4_weights_row_split_at_group_boundaries_give_the_unsharded_logits(int ranks)
    {
        using var reference = Int4Reference();
        var source = new DummyWeightSource("dummy://int4-wide", Int4Shape, seed: 5);
        using var sharded = TensorParallelRunner.Load(Int4Shape, source, Int4Linear(source), new InProcessCollectiveGroup(ranks),
            _ => new CpuBackend(new CpuRunnerOptions { MaxThreads = 1 }));

        var steps = LockstepRun.Steps(reference, sharded, Int4Shape.VocabSize, decodeSteps: 3);

        sharded.Info.Quantization.Should().Be("int4-awq");
        sharded.Ranks[0].Info.WeightBytes.Should().BeLessThan(reference.Info.WeightBytes);
        LockstepRun.WorstError(steps).Should().BeLessThan(TensorParallelForwardTests.Tolerance);
    }

    [Fact]
    public void An_int8_checkpoint_shards_to_its_unsharded_logits()
    {
        var path = ModelFixtures.Directory("quant-int8");
        using var reference = CpuModelRunner.Load(path);
        using var sharded = CpuModelRunner.LoadSharded(path, 2);

        var steps = LockstepRun.Steps(reference, sharded, reference.Info.VocabSize, decodeSteps: 3);

        reference.Info.Quantization.Should().Be("int8");
        LockstepRun.WorstError(steps).Should().BeLessThan(TensorParallelForwardTests.Tolerance);
    }

    [Theory]
    [InlineData("quant-awq", "*model.layers.0.self_attn.o_proj.weight*int4 groups of 128 columns would be cut*")]
    [InlineData("quant-gptq", "*model.layers.0.self_attn.o_proj.weight*act-order int4 (g_idx) permutes the input columns across ranks*")]
    [InlineData("quant-fp8", "*model.layers.0.self_attn.o_proj.weight*fp8 with per-token activation scales*")]
    public void Checkpoints_whose_row_parallel_weights_cannot_split_are_refused_with_the_reason(string fixture, string message)
    {
        var act = () => CpuModelRunner.LoadSharded(ModelFixtures.Directory(fixture), 2);

        act.Should().Throw<ModelLoadException>().WithMessage(message);
    }

    private static TransformerRunner Int4Reference()
    {
        var source = new DummyWeightSource("dummy://int4-wide", Int4Shape, seed: 5);
        return new TransformerRunner(Int4Shape, source, new CpuBackend(new CpuRunnerOptions()), Int4Linear(source));
    }

    private static LinearLoader Int4Linear(DummyWeightSource source) => new(source, CheckpointQuantization.None, QuantizationMode.Int4Awq, dummySeed: 5);
}
