using Sluice.Engine.Engine;

namespace Sluice.Engine.Tests.Engine;

public class SchedulerTests
{
    [Theory]
    [InlineData(30, 8)]
    [InlineData(17, 4)]
    [InlineData(64, 64)]
    [InlineData(5, 1)]
    public void Long_prompt_is_prefilled_in_chunks_within_the_token_budget(int promptLength, int maxBatchedTokens)
    {
        var harness = new EngineHarness(maxBatchedTokens: maxBatchedTokens);
        var request = harness.Add(EngineHarness.Prompt(promptLength, 1), EngineHarness.Greedy(3));

        harness.RunUntilIdle();

        harness.Runner.TokensPerStep.Should().OnlyContain(t => t <= maxBatchedTokens);
        var prefillSteps = (promptLength + maxBatchedTokens - 1) / maxBatchedTokens;
        harness.Runner.TokensPerStep.Should().HaveCount(prefillSteps + 2, "the prompt takes ceil(len/budget) steps, then two more decodes");
        harness.Runner.Steps.Select(s => s.Single().ComputeLogits)
            .Should().Equal(Enumerable.Repeat(false, prefillSteps - 1).Concat(Enumerable.Repeat(true, 3)), "only a chunk that ends at the newest token yields logits");
        EngineHarness.Tokens(EngineHarness.Drain(request)).Should().HaveCount(3);
        harness.Runner.Violations.Should().BeEmpty();
    }

    [Fact]
    public void Running_sequences_keep_decoding_while_a_long_prompt_is_prefilled()
    {
        var harness = new EngineHarness(numBlocks: 128, maxBatchedTokens: 8);
        var first = harness.Add(EngineHarness.Prompt(4, 1), EngineHarness.Greedy(20));
        harness.Engine.Step();
        var second = harness.Add(EngineHarness.Prompt(60, 2), EngineHarness.Greedy(2));

        for (var i = 0; i < 8; i++)
        {
            harness.Engine.Step();
        }

        var firstId = harness.Runner.Steps[0][0].SequenceId;
        harness.Runner.Steps.Skip(1).Take(8).Should().OnlyContain(s => s.Any(c => c.SequenceId == firstId && c.TokenIds.Length == 1));
        harness.Runner.Steps.Skip(1).Take(8).Should().OnlyContain(s => s.Sum(c => c.TokenIds.Length) <= 8);
        harness.RunUntilIdle();
        EngineHarness.Tokens(EngineHarness.Drain(first)).Should().HaveCount(20);
        EngineHarness.Tokens(EngineHarness.Drain(second)).Should().HaveCount(2);
        harness.Runner.Violations.Should().BeEmpty();
    }

    [Fact]
    public void Preempted_sequences_are_recomputed_and_produce_the_same_output()
    {
        var prompts = Enumerable.Range(0, 4).Select(i => EngineHarness.Prompt(10 + i, i)).ToList();
        var expected = prompts.Select(p => Solo(p, 30)).ToList();

        // 24 blocks of 4 positions: four sequences growing to ~42 tokens (11 blocks each) cannot all fit.
        var harness = new EngineHarness(numBlocks: 24, blockSize: 4, maxBatchSize: 4, maxBatchedTokens: 64);
        var requests = prompts.Select(p => harness.Add(p, EngineHarness.Greedy(30))).ToList();
        harness.RunUntilIdle();

        harness.Engine.Scheduler.NumPreemptions.Should().BeGreaterThan(0);
        requests.Select(r => EngineHarness.Tokens(EngineHarness.Drain(r))).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        harness.Runner.Violations.Should().BeEmpty();
        harness.Blocks.TotalRefCount.Should().Be(0);
        harness.Blocks.NumFreeBlocks.Should().Be(24);
    }

    [Fact]
    public void The_oldest_request_always_progresses_and_finishes_first_under_contention()
    {
        var harness = new EngineHarness(numBlocks: 16, blockSize: 4, maxBatchSize: 8, maxBatchedTokens: 32);
        var requests = Enumerable.Range(0, 6).Select(i => harness.Add(EngineHarness.Prompt(8, i), EngineHarness.Greedy(40))).ToList();
        var finishedAtStep = new Dictionary<int, int>();
        var oldestId = -1L;
        for (var step = 0; harness.Engine.HasWork; step++)
        {
            harness.Engine.Step();
            var chunks = harness.Runner.Steps[^1];
            if (!finishedAtStep.ContainsKey(0))
            {
                oldestId = oldestId < 0 ? chunks[0].SequenceId : oldestId;
                chunks.Should().Contain(c => c.SequenceId == oldestId, "the oldest request is scheduled every step until it finishes");
            }

            for (var i = 0; i < requests.Count; i++)
            {
                if (!finishedAtStep.ContainsKey(i) && IsDone(requests[i]))
                {
                    finishedAtStep[i] = step;
                }
            }
        }

        finishedAtStep.Should().HaveCount(6);
        finishedAtStep.OrderBy(kv => kv.Value).Select(kv => kv.Key).First().Should().Be(0);
        harness.Runner.Violations.Should().BeEmpty();
        harness.Blocks.TotalRefCount.Should().Be(0);
    }

    [Fact]
    public void Lowering_max_batch_size_live_applies_at_the_next_step()
    {
        var harness = new EngineHarness(numBlocks: 256, maxBatchSize: 8);
        for (var i = 0; i < 6; i++)
        {
            harness.Add(EngineHarness.Prompt(4, i), EngineHarness.Greedy(50));
        }

        harness.Engine.Step();
        harness.Engine.Scheduler.NumRunning.Should().Be(6);

        harness.Config.Set(new EngineConfig(2, null, 64));
        harness.Engine.Step();

        harness.Engine.Scheduler.NumRunning.Should().Be(2);
        harness.Runner.Steps[^1].Should().HaveCount(2);
        harness.RunUntilIdle();
        harness.Runner.Steps.Should().OnlyContain(s => s.Count <= 6);
        harness.Runner.Violations.Should().BeEmpty();
    }

    [Fact]
    public void Greedy_batched_output_equals_one_at_a_time_output()
    {
        var prompts = Enumerable.Range(0, 8).Select(i => EngineHarness.Prompt(3 + (i * 5), i)).ToList();
        var expected = prompts.Select(p => Solo(p, 12)).ToList();

        var harness = new EngineHarness(numBlocks: 128, maxBatchSize: 8, maxBatchedTokens: 16);
        var requests = prompts.Select(p => harness.Add(p, EngineHarness.Greedy(12))).ToList();
        harness.RunUntilIdle();

        requests.Select(r => EngineHarness.Tokens(EngineHarness.Drain(r))).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        harness.Runner.Steps.Max(s => s.Count).Should().BeGreaterThan(1, "the requests ran batched");
        harness.Runner.Violations.Should().BeEmpty();
    }

    private static bool IsDone(EngineRequest request)
    {
        var done = false;
        while (request.Outputs.TryRead(out var output))
        {
            done |= output.Finished;
        }

        return done;
    }

    private static List<int> Solo(int[] prompt, int maxTokens)
    {
        var solo = new EngineHarness(numBlocks: 128, maxBatchSize: 1, maxBatchedTokens: 512, prefixCaching: false);
        var request = solo.Add(prompt, EngineHarness.Greedy(maxTokens));
        solo.RunUntilIdle();
        return EngineHarness.Tokens(EngineHarness.Drain(request));
    }
}
