using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Compute.TensorParallel;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Tests.Model;

namespace Sluice.Engine.Tests.Compute.TensorParallel;

/// <summary>
/// The CPU twin of tensor parallelism: a model sharded over 2 or 4 in-process ranks computes the unsharded model's logits
/// (prefill, mixed and decode steps of a batch) and greedy tokens. The fixtures cover GQA with fewer KV heads than ranks
/// (llama 4/2 heads at 4 ranks, mistral's single KV head), q/k/v biases with tied embeddings (qwen2) and fused qkv and
/// gate_up (phi3).
/// </summary>
public sealed class TensorParallelForwardTests
{
    /// <summary>
    /// Row-parallel sums only reorder fp32 additions: the tolerance <see cref="PagedAttentionTests"/> applies when the same
    /// model is computed in another layout, far inside the 1e-4 of the golden tests and the 2e-2 the CUDA backend gets.
    /// </summary>
    public const double Tolerance = 1e-5;

    public static TheoryData<string, int> Sources => new()
    {
        { "llama", 2 }, { "llama", 4 }, { "mistral", 2 }, { "mistral", 4 }, { "qwen2", 2 }, { "qwen2", 4 }, { "phi3", 2 }, { "dummy://tiny", 4 },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Sharded_logits_match_the_unsharded_model_over_prefill_and_decode_steps(string source, int ranks)
    {
        var path = Path(source);
        using var reference = CpuModelRunner.Load(path);
        using var sharded = CpuModelRunner.LoadSharded(path, ranks);

        var steps = LockstepRun.Steps(reference, sharded, reference.Info.VocabSize, decodeSteps: 4);

        steps.Should().HaveCount(6);
        steps.Should().OnlyContain(s => s.Actual.Length == s.Expected.Length && s.Expected.Length > 0);
        LockstepRun.WorstError(steps).Should().BeLessThan(Tolerance);
    }

    [Theory]
    [InlineData("llama", 4)]
    [InlineData("qwen2", 2)]
    [InlineData("mistral", 2)]
    public void Greedy_generation_gives_the_unsharded_tokens(string source, int ranks)
    {
        var path = Path(source);
        using var reference = CpuModelRunner.Load(path);
        using var sharded = CpuModelRunner.LoadSharded(path, ranks);
        var prompt = ModelFixtures.Golden(source).Cases[^1].InputIds;

        var expected = GreedyGenerator.Generate(reference, prompt, maxNewTokens: 12, prefillChunkTokens: 5);
        var actual = GreedyGenerator.Generate(sharded, prompt, maxNewTokens: 12, prefillChunkTokens: 5);

        actual.Should().Equal(expected);
        expected.Should().Equal(ModelFixtures.Golden(source).Cases[^1].GreedyIds.Take(12), "the reference itself follows transformers");
    }

    [Fact]
    public void Each_rank_caches_only_the_key_value_heads_its_query_heads_read()
    {
        var path = ModelFixtures.Directory("llama"); // 4 query heads, 2 KV heads: at 4 ranks each KV head sits on 2 ranks
        using var reference = CpuModelRunner.Load(path);
        using var sharded = CpuModelRunner.LoadSharded(path, 4);
        var prompt = LockstepRun.Prompt(reference.Info.VocabSize, 9, 3);
        reference.AllocateKvCache(4, 4);
        sharded.AllocateKvCache(4, 4);
        reference.Forward([new ScheduledChunk(0, prompt, 0, [2, 0, 3], true)]);
        sharded.Forward([new ScheduledChunk(0, prompt, 0, [2, 0, 3], true)]);

        var whole = (CpuKvCache)reference.Cache!;
        var headDim = whole.HeadDim;
        sharded.KvBytesPerBlock(4).Should().Be(2 * reference.KvBytesPerBlock(4), "4 ranks hold 2 KV heads once each, twice over");
        for (var rank = 0; rank < 4; rank++)
        {
            var cache = (CpuKvCache)sharded.Ranks[rank].Cache!;
            cache.NumKvHeads.Should().Be(1);
            var head = sharded.Layout.KvHeadStart(rank);
            head.Should().Be(rank / 2);
            foreach (var slot in new[] { 8, 9, 0, 3, 12 }) // positions 0, 1, 4, 7, 8 through block table [2, 0, 3]
            {
                foreach (var keys in new[] { true, false })
                {
                    var expected = whole.Read(keys, 1, slot, head * headDim, headDim, new float[headDim]).ToArray();
                    var actual = cache.Read(keys, 1, slot, 0, headDim, new float[headDim]).ToArray();
                    expected.Should().Contain(v => v != 0);
                    ModelFixtures.RelativeError(actual, expected).Should().BeLessThan(Tolerance, $"rank {rank}, slot {slot}, keys {keys}");
                }
            }
        }
    }

    [Fact]
    public void Reported_shapes_are_the_whole_model_and_weight_bytes_sum_the_ranks()
    {
        var path = ModelFixtures.Directory("qwen2");
        using var reference = CpuModelRunner.Load(path);
        using var sharded = CpuModelRunner.LoadSharded(path, 2);

        sharded.Info.Should().Be(reference.Info with { WeightBytes = sharded.Info.WeightBytes });
        sharded.Info.WeightBytes.Should().Be(sharded.Ranks.Sum(r => r.Info.WeightBytes));
        sharded.Info.WeightBytes.Should().BeGreaterThan(reference.Info.WeightBytes, "norms are on every rank")
            .And.BeLessThan(reference.Info.WeightBytes * 2);
        sharded.Ranks.Should().HaveCount(2);
    }

    [Fact]
    public void A_model_that_does_not_split_is_refused_before_any_weight_is_read()
    {
        var act = () => CpuModelRunner.LoadSharded(ModelFixtures.Directory("llama"), 3);

        act.Should().Throw<ArgumentException>().WithMessage("--tensor-parallel-size 3: num_attention_heads 4 is not divisible by 3");
    }

    [Fact]
    public void A_rank_that_fails_stops_the_group_without_a_hang_and_later_steps_are_refused()
    {
        var config = DummyPresets.Get("dummy://tiny");
        var options = new CpuRunnerOptions { MaxThreads = 1 };
        using var sharded = TensorParallelRunner.Load(config, new DummyWeightSource("dummy://tiny", config, seed: 0), linear: null, new InProcessCollectiveGroup(2),
            rank => rank == 1 ? new PlainBackend(new CpuBackend(options)) : new CpuBackend(options));
        sharded.AllocateKvCache(2, 16);
        ScheduledChunk[] step = [new ScheduledChunk(0, [256, 5, 6], 0, [0], true)];

        var first = () => sharded.Forward(step);
        var second = () => sharded.Forward(step);

        first.Should().Throw<NotSupportedException>().WithMessage("the plain-cpu backend has no vocabulary-parallel embedding*");
        second.Should().Throw<InvalidOperationException>().WithMessage("a rank of this 2-rank tensor-parallel group failed in an earlier step*");
    }

    [Fact]
    public void One_rank_is_the_unsharded_model_bit_for_bit()
    {
        var path = ModelFixtures.Directory("phi3");
        using var reference = CpuModelRunner.Load(path);
        using var single = CpuModelRunner.LoadSharded(path, 1);

        var steps = LockstepRun.Steps(reference, single, reference.Info.VocabSize, decodeSteps: 2);

        steps.Should().OnlyContain(s => s.Actual.SequenceEqual(s.Expected));
    }

    private static string Path(string source) => source.StartsWith("dummy://", StringComparison.Ordinal) ? source : ModelFixtures.Directory(source);
}
