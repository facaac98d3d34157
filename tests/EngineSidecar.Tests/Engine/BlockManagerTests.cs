using Sluice.Engine.Engine;

namespace Sluice.Engine.Tests.Engine;

public class BlockManagerTests
{
    [Fact]
    public void Shared_system_prompt_reuses_cached_blocks_and_the_hit_counter_rises()
    {
        var system = EngineHarness.Prompt(32, 9);
        int[] WithQuestion(int q) => [.. system, .. EngineHarness.Prompt(5 + q, 100 + q)];
        var expected = Enumerable.Range(0, 3).Select(q => Solo(WithQuestion(q))).ToList();

        var harness = new EngineHarness(numBlocks: 64, blockSize: 4, maxBatchedTokens: 256);
        var first = harness.Add(WithQuestion(0), EngineHarness.Greedy(6));
        harness.RunUntilIdle();
        harness.Blocks.PrefixCacheHitTokens.Should().Be(0);
        var computedBefore = harness.Runner.TokensPerStep.Sum();

        var second = harness.Add(WithQuestion(1), EngineHarness.Greedy(6));
        var third = harness.Add(WithQuestion(2), EngineHarness.Greedy(6));
        harness.RunUntilIdle();

        harness.Blocks.PrefixCacheHitTokens.Should().Be(64, "both later requests find the 32-token system prompt (8 full blocks) cached");
        harness.Runner.Steps.Skip(1).SelectMany(s => s).Where(c => c.StartPosition > 0 && c.TokenIds.Length > 1)
            .Should().OnlyContain(c => c.StartPosition == 32, "prefill starts after the cached prefix");
        (harness.Runner.TokensPerStep.Sum() - computedBefore).Should().Be(6 + 7 + (2 * 5), "only the questions and the decodes are computed");
        new[] { first, second, third }.Select(r => EngineHarness.Tokens(EngineHarness.Drain(r)))
            .Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        harness.Runner.Violations.Should().BeEmpty();
        harness.Blocks.TotalRefCount.Should().Be(0);
    }

    [Fact]
    public void Concurrent_requests_share_prefix_blocks_with_ref_counts_above_one()
    {
        var system = EngineHarness.Prompt(16, 3);
        var harness = new EngineHarness(numBlocks: 64, blockSize: 4, maxBatchedTokens: 256);
        harness.Add([.. system, 1, 2], EngineHarness.Greedy(1));
        harness.RunUntilIdle();

        harness.Add([.. system, 3, 4], EngineHarness.Greedy(20));
        harness.Add([.. system, 5, 6], EngineHarness.Greedy(20));
        harness.Engine.Step();

        var tables = harness.Runner.Steps[^1].Select(c => c.BlockTable).ToList();
        tables[0].Take(4).Should().Equal(tables[1].Take(4));
        tables[0].Take(4).Should().OnlyContain(b => harness.Blocks.RefCount(b) == 2);
        harness.RunUntilIdle();
        harness.Blocks.TotalRefCount.Should().Be(0);
        harness.Runner.Violations.Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void Ref_counts_return_to_zero_after_aborts_at_any_point(int stepsBeforeAbort)
    {
        var harness = new EngineHarness(numBlocks: 64, blockSize: 4, maxBatchedTokens: 8);
        var kept = harness.Add(EngineHarness.Prompt(12, 1), EngineHarness.Greedy(15));
        var aborted = harness.Add(EngineHarness.Prompt(20, 2), EngineHarness.Greedy(15), numChoices: 3);
        for (var i = 0; i < stepsBeforeAbort; i++)
        {
            harness.Engine.Step();
        }

        harness.Engine.Abort(aborted);
        harness.RunUntilIdle();

        var abortedOutputs = EngineHarness.Drain(aborted);
        abortedOutputs[^1].Finished.Should().BeTrue();
        abortedOutputs[^1].Deltas.Should().OnlyContain(d => d.FinishReason == FinishReason.Abort);
        EngineHarness.Tokens(EngineHarness.Drain(kept)).Should().HaveCount(15);
        harness.Blocks.TotalRefCount.Should().Be(0);
        harness.Blocks.NumFreeBlocks.Should().Be(64);
        harness.Blocks.UsageRatio.Should().Be(0);
        harness.Runner.Violations.Should().BeEmpty();
    }

    [Fact]
    public void Free_cached_blocks_are_evicted_least_recently_freed_first_and_only_after_uncached_ones()
    {
        var harness = new EngineHarness(numBlocks: 12, blockSize: 4, maxBatchedTokens: 256);
        var a = EngineHarness.Prompt(9, 1);
        var b = EngineHarness.Prompt(9, 2);
        harness.Add(a, EngineHarness.Greedy(1));
        harness.RunUntilIdle();
        harness.Add(b, EngineHarness.Greedy(1));
        harness.RunUntilIdle();

        // 12 blocks: a and b left 2 cached blocks each. A 33-token prompt needs 9 blocks: the 8 uncached
        // ones, then the least recently freed cached block (a's) is evicted; b's stay.
        harness.Add(EngineHarness.Prompt(33, 3), EngineHarness.Greedy(1));
        harness.RunUntilIdle();
        var hitsBefore = harness.Blocks.PrefixCacheHitTokens;
        harness.Add([.. b, 7], EngineHarness.Greedy(1));
        harness.RunUntilIdle();
        harness.Blocks.PrefixCacheHitTokens.Should().Be(hitsBefore + 8, "b's two blocks survived");
        hitsBefore = harness.Blocks.PrefixCacheHitTokens;
        harness.Add([.. a, 7], EngineHarness.Greedy(1));
        harness.RunUntilIdle();
        harness.Blocks.PrefixCacheHitTokens.Should().BeLessThan(hitsBefore + 8, "a's second block was evicted");
        harness.Runner.Violations.Should().BeEmpty();
    }

    [Theory]
    [InlineData(1024, 16, 8, 8192)]
    [InlineData(4096, 32, 1, 512)]
    [InlineData(100, 16, 1, 1024)]
    public void Kv_cache_plan_sizes_blocks_from_the_budget(int maxModelTokens, int blockSize, long budgetMib, int expectedBlocks)
    {
        var runner = new Fakes.FakeModelRunner();
        var numBlocks = KvCachePlan.NumBlocks(runner, blockSize, budgetMib * 1024 * 1024, maxModelTokens);
        numBlocks.Should().Be(expectedBlocks);
        (numBlocks * runner.KvBytesPerBlock(blockSize)).Should().BeLessThanOrEqualTo(budgetMib * 1024 * 1024);
    }

    [Fact]
    public void Kv_cache_plan_refuses_when_one_longest_sequence_cannot_fit()
    {
        var runner = new Fakes.FakeModelRunner();
        var act = () => KvCachePlan.NumBlocks(runner, 16, 64 * 1024, 2048);
        act.Should().Throw<InvalidOperationException>().WithMessage("*2048*needs 128 blocks*");
    }

    private static List<int> Solo(int[] prompt)
    {
        var solo = new EngineHarness(numBlocks: 64, maxBatchSize: 1, prefixCaching: false);
        var request = solo.Add(prompt, EngineHarness.Greedy(6));
        solo.RunUntilIdle();
        return EngineHarness.Tokens(EngineHarness.Drain(request));
    }
}
