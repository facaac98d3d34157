using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Engine;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Tests.Demo;
using Sluice.Engine.Tests.Model;

namespace Sluice.Engine.Tests.Compute;

/// <summary>The fp8 KV cache on the CPU reference backend: storage, scales, capacity, and its effect on a real model.</summary>
public sealed class Fp8KvCacheTests
{
    [Fact]
    public void Slots_read_back_the_e4m3_round_trip_of_the_scaled_values()
    {
        using var cache = new CpuKvCache(numLayers: 2, numBlocks: 4, blockSize: 4, numKvHeads: 2, headDim: 8, KvCacheDtype.Fp8);
        cache.KeyScales[1] = 0.5f;
        cache.ValueScales[1] = 4f;
        var random = new Random(3);
        var keys = Enumerable.Range(0, 16).Select(_ => (random.NextSingle() * 20) - 10).ToArray();
        var values = Enumerable.Range(0, 16).Select(_ => (random.NextSingle() * 20) - 10).ToArray();

        cache.Write(true, 1, 9, keys);
        cache.Write(false, 1, 9, values);

        var scratch = new float[16];
        cache.Read(true, 1, 9, 0, 16, scratch).ToArray().Should().Equal(keys.Select(k => Fp8E4M3.Quantize(k, 0.5f)));
        cache.Read(false, 1, 9, 8, 8, scratch).ToArray().Should().Equal(values.Skip(8).Select(v => Fp8E4M3.Quantize(v, 4f)));
        cache.Read(true, 0, 9, 0, 16, scratch).ToArray().Should().OnlyContain(x => x == 0f, "layer 0 was never written");
    }

    [Fact]
    public void Fp8_holds_four_times_the_blocks_of_fp32_in_the_same_budget()
    {
        var dir = ModelFixtures.Directory("llama");
        using var fp32 = CpuModelRunner.Load(dir);
        using var fp8 = CpuModelRunner.Load(dir, new CpuRunnerOptions { KvCacheDtype = KvCacheDtype.Fp8 });
        const long budget = 64L << 20;

        fp32.KvBytesPerBlock(16).Should().Be(4 * fp8.KvBytesPerBlock(16));
        KvCachePlan.NumBlocks(fp8, 16, budget, 256).Should().Be(4 * KvCachePlan.NumBlocks(fp32, 16, budget, 256));
    }

    [Fact]
    public void The_demo_model_with_an_fp8_cache_predicts_the_same_next_tokens_teacher_forced()
    {
        // The trained demo model over 300 positions of its own kind of text: the argmax at each position with an fp8
        // cache against the fp32 cache's (the quantization issue's bar for fp8: ≥ 97 % of positions).
        var dir = DemoModel.Directory();
        using var model = ModelLoader.Load(dir, servedModelName: null);
        var text = string.Concat(Enumerable.Repeat(
            "In the beginning God created the heaven and the earth. And the earth was without form, and void; and darkness was upon the face of the deep. ", 12));
        var tokens = model.Tokenizer.Encode(text, addSpecialTokens: false).Take(300).ToArray();
        tokens.Length.Should().Be(300);

        using var exact = CpuModelRunner.Load(dir);
        using var fp8 = CpuModelRunner.Load(dir, new CpuRunnerOptions { KvCacheDtype = KvCacheDtype.Fp8 });
        var reference = TeacherForcedArgmax(exact, tokens);
        var quantized = TeacherForcedArgmax(fp8, tokens);

        var agreement = reference.Zip(quantized).Count(p => p.First == p.Second) / (double)tokens.Length;
        agreement.Should().BeGreaterThanOrEqualTo(0.97);
    }

    /// <summary>The argmax after each prefix of <paramref name="tokens"/>, feeding the given tokens (not the predictions) one step at a time.</summary>
    private static int[] TeacherForcedArgmax(TransformerRunner runner, int[] tokens)
    {
        runner.AllocateKvCache(numBlocks: 20, blockSize: 16);
        var table = Enumerable.Range(0, 20).ToArray();
        var argmax = new int[tokens.Length];
        for (var p = 0; p < tokens.Length; p++)
        {
            var logits = runner.Forward([new ScheduledChunk(1, [tokens[p]], p, table, true)]);
            argmax[p] = Array.IndexOf(logits, logits.Max());
        }

        return argmax;
    }
}
