using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Tests.Model;

/// <summary>dummy:// presets: real shapes checked without allocating, and the tiny preset runs.</summary>
public sealed class DummyPresetTests
{
    public static TheoryData<string, long, int, int, int> Presets => new()
    {
        // preset, published parameter count, layers, kv heads, head dim
        { "llama-3-8b", 8_030_261_248, 32, 8, 128 },
        { "llama-3-70b", 70_553_706_496, 80, 8, 128 },
        { "qwen2.5-7b", 7_615_616_512, 28, 4, 128 },
        { "mistral-7b", 7_241_732_096, 32, 8, 128 },
        { "phi-3-mini", 3_821_079_552, 32, 32, 96 },
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public void Preset_has_the_published_shape_without_allocating(string preset, long parameters, int layers, int kvHeads, int headDim)
    {
        var config = ModelSource.LoadConfig($"dummy://{preset}");
        var layout = WeightLayout.For(config);

        layout.ParameterCount.Should().Be(parameters);
        layout.Bytes(WeightDtype.BF16).Should().Be(parameters * 2);
        (config.NumLayers, config.NumKvHeads, config.HeadDim).Should().Be((layers, kvHeads, headDim));
        layout.Tensors.Select(t => t.Name).Should().OnlyHaveUniqueItems();
        config.EosTokenIds.Should().NotBeEmpty();
    }

    [Fact]
    public void Llama_3_8b_layout_lists_the_checkpoint_tensor_names()
    {
        var layout = WeightLayout.For(DummyPresets.Get("dummy://llama-3-8b"));

        layout.Tensors.Should().HaveCount(1 + (32 * 9) + 2);
        layout["model.embed_tokens.weight"].Shape.Should().Equal(128256, 4096);
        layout["model.layers.31.self_attn.k_proj.weight"].Shape.Should().Equal(1024, 4096);
        layout["model.layers.0.mlp.down_proj.weight"].Shape.Should().Equal(4096, 14336);
        layout["lm_head.weight"].Shape.Should().Equal(128256, 4096);
    }

    [Fact]
    public void Tiny_runs_deterministically_per_seed()
    {
        int[] prompt = [256, 72, 101, 108, 108, 111];
        int[] Generate(ulong seed)
        {
            using var runner = CpuModelRunner.Load("dummy://tiny", new CpuRunnerOptions { DummySeed = seed });
            runner.Info.WeightBytes.Should().BeInRange(1L << 20, 8L << 20);
            return GreedyGenerator.Generate(runner, prompt, 12);
        }

        var first = Generate(1);

        first.Should().HaveCount(12).And.OnlyContain(id => id >= 0 && id < 512);
        Generate(1).Should().Equal(first);
        Generate(2).Should().NotEqual(first);
    }

    [Fact]
    public void Tiny_reports_its_info_and_kv_block_bytes()
    {
        using var runner = CpuModelRunner.Load("dummy://tiny");

        runner.Info.Should().Be(new ModelInfo("LlamaForCausalLM", 512, 2048, 4, 2, 32, runner.Info.WeightBytes));
        runner.KvBytesPerBlock(16).Should().Be(2L * 4 * 16 * 2 * 32 * sizeof(float));
        runner.Config.BosTokenId.Should().Be(256);
        ModelSource.DefaultName("dummy://tiny").Should().Be("tiny");
    }

    [Fact]
    public void Big_presets_are_generated_as_bf16_and_converted_on_the_fly()
    {
        var bf16Options = new CpuRunnerOptions { MaxDummyFp32Bytes = 0, WeightConversion = CpuWeightConversion.OnTheFly };
        using var fp32 = CpuModelRunner.Load("dummy://tiny");
        using var bf16 = CpuModelRunner.Load("dummy://tiny", bf16Options);
        fp32.AllocateKvCache(2, 16);
        bf16.AllocateKvCache(2, 16);
        int[] prompt = [256, 1, 2, 3, 4, 5, 6, 7];

        var exact = fp32.Forward([new ScheduledChunk(1, prompt, 0, [0, 1], true)]);
        var rounded = bf16.Forward([new ScheduledChunk(1, prompt, 0, [0, 1], true)]);

        bf16.Info.WeightBytes.Should().Be(fp32.Info.WeightBytes / 2 + (fp32.Config.HiddenSize * (2 * fp32.Config.NumLayers + 1) * 2));
        ModelFixtures.RelativeError(rounded, exact).Should().BeInRange(1e-6, 3e-2);
    }
}
