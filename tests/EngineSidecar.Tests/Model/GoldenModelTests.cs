using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;

namespace Sluice.Engine.Tests.Model;

/// <summary>The CPU forward pass against transformers' outputs recorded in tests/fixtures/models/*/golden.json.</summary>
public sealed class GoldenModelTests
{
    private const double MaxRelativeError = 1e-4;

    [Theory]
    [MemberData(nameof(ModelFixtures.All), MemberType = typeof(ModelFixtures))]
    public void Last_position_logits_match_transformers(string arch)
    {
        var golden = ModelFixtures.Golden(arch);
        using var runner = CpuModelRunner.Load(ModelFixtures.Directory(arch));
        foreach (var c in golden.Cases)
        {
            runner.AllocateKvCache(numBlocks: 8, blockSize: 16);
            var logits = runner.Forward([new ScheduledChunk(1, c.InputIds, 0, [0, 1, 2, 3], true)]);

            logits.Should().HaveCount(golden.Cases[0].LastLogits.Length);
            ModelFixtures.RelativeError(logits, c.LastLogits).Should().BeLessThanOrEqualTo(MaxRelativeError, $"{arch}: '{c.Prompt}'");
        }
    }

    [Theory]
    [MemberData(nameof(ModelFixtures.All), MemberType = typeof(ModelFixtures))]
    public void Greedy_continuation_matches_transformers(string arch)
    {
        var golden = ModelFixtures.Golden(arch);
        using var runner = CpuModelRunner.Load(ModelFixtures.Directory(arch));
        foreach (var c in golden.Cases)
        {
            var generated = GreedyGenerator.Generate(runner, c.InputIds, c.GreedyIds.Length);

            generated.Should().Equal(c.GreedyIds, $"{arch}: '{c.Prompt}'");
        }
    }

    [Theory]
    [MemberData(nameof(ModelFixtures.All), MemberType = typeof(ModelFixtures))]
    public void Config_facts_match_the_fixture(string arch)
    {
        var golden = ModelFixtures.Golden(arch);
        using var runner = CpuModelRunner.Load(ModelFixtures.Directory(arch));

        runner.Info.Architecture.Should().Be(golden.Architecture);
        runner.Config.BosTokenId.Should().Be(golden.BosTokenId);
        runner.Config.EosTokenIds.Should().Equal(golden.EosTokenId);
        var invFreq = runner.Config.Rope.InverseFrequencies(runner.Config.HeadDim);
        ModelFixtures.RelativeError(invFreq, golden.InvFreq).Should().BeLessThan(1e-6);
    }

    [Fact]
    public void Bf16_weights_give_identical_logits_converted_on_load_or_on_the_fly()
    {
        var dir = ModelFixtures.Directory("qwen2");
        var prompt = ModelFixtures.Golden("qwen2").Cases[^1].InputIds;
        float[] Run(CpuWeightConversion mode)
        {
            using var runner = CpuModelRunner.Load(dir, new CpuRunnerOptions { WeightConversion = mode });
            runner.AllocateKvCache(4, 16);
            return runner.Forward([new ScheduledChunk(1, prompt, 0, [0, 1, 2, 3], true)]);
        }

        Run(CpuWeightConversion.OnTheFly).Should().Equal(Run(CpuWeightConversion.OnLoad));
    }

    [Fact]
    public void Fp16_copy_of_an_fp32_model_loads_and_stays_close()
    {
        var dir = ModelFixtures.CopyToTemp("llama");
        try
        {
            var path = Path.Combine(dir, "model.safetensors");
            var tensors = SafetensorsTestWriter.ReadAll(path, toF16: true);
            SafetensorsTestWriter.Write(path, tensors);
            var golden = ModelFixtures.Golden("llama").Cases[^1];
            using var runner = CpuModelRunner.Load(dir);
            runner.AllocateKvCache(4, 16);
            var logits = runner.Forward([new ScheduledChunk(1, golden.InputIds, 0, [0, 1, 2, 3], true)]);

            tensors.Should().OnlyContain(t => t.Dtype == "F16");
            ModelFixtures.RelativeError(logits, golden.LastLogits).Should().BeInRange(1e-7, 2e-2);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
