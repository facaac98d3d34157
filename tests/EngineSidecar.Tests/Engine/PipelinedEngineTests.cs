using System.Text;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Tests.Engine;

/// <summary>The engine with step overlap produces exactly what it produces without: text, tokens, finish reasons, usage, logprobs.</summary>
public class PipelinedEngineTests
{
    /// <summary>One scenario: the engine's shape, its requests, and what the overlapped run must also have exercised.</summary>
    private sealed record Case(Func<bool, PipelineHarness> Create, RequestSpec[] Requests, Action<PipelineHarness>? Exercised = null);

    private sealed record RequestSpec(int[] Prompt, SamplingParams Params, int NumChoices = 1);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["greedy rows ending at max_tokens"] = new(
            overlap => new PipelineHarness(overlap),
            [new(EngineHarness.Prompt(6, 1), EngineHarness.Greedy(5)), new(EngineHarness.Prompt(9, 2), EngineHarness.Greedy(9)), new(EngineHarness.Prompt(4, 3), EngineHarness.Greedy(13))]),
        ["stop strings that end a sequence mid-step"] = new(
            overlap => new PipelineHarness(overlap, historyDriven: false),
            [
                new(Bytes("abc"), Greedy(20, stop: ["gh"])),
                new(Bytes("xa"), Greedy(20, stop: ["de"])),
                new(Bytes("mno"), Greedy(10)),
                new(Bytes("abc"), Greedy(4, stop: ["fg"])),
                new(Bytes("ka"), Greedy(12, stop: ["zz", "ef"]), NumChoices: 2),
            ]),
        ["a stop string ends one choice while the request's other choices go on"] = new(
            overlap => new PipelineHarness(overlap),
            [
                new(EngineHarness.Prompt(6, 14), new SamplingParams(Temperature: 1f, Seed: 5, MaxTokens: 24, IgnoreEos: true, StopStrings: [.. "aeiostnr".Select(c => c.ToString())]), NumChoices: 4),
                new(EngineHarness.Prompt(9, 15), new SamplingParams(Temperature: 1f, Seed: 9, MaxTokens: 24, IgnoreEos: true, StopStrings: [.. "aeiostnr".Select(c => c.ToString())]), NumChoices: 3),
            ],
            h => h.Requests.Should().Contain(r => r.Sequences.Any(s => LogitRows(h, s.Id) > s.NumOutputTokens && r.Sequences.Any(o => o.NumOutputTokens > s.NumOutputTokens)),
                "a choice's launched row was discarded while a sibling choice kept generating")),
        ["EOS and stop token ids"] = new(
            overlap => new PipelineHarness(overlap, historyDriven: false),
            [
                new([97, 250], new SamplingParams(Temperature: 0f, MaxTokens: 20)),
                new([100], new SamplingParams(Temperature: 0f, MaxTokens: 20, StopTokenIds: [104])),
                new([97, 250], new SamplingParams(Temperature: 0f, MaxTokens: 10, IgnoreEos: true)),
            ]),
        ["seeded sampling with n > 1"] = new(
            overlap => new PipelineHarness(overlap),
            [
                new(EngineHarness.Prompt(7, 4), new SamplingParams(Temperature: 0.8f, Seed: 7, MaxTokens: 8, IgnoreEos: true), NumChoices: 3),
                new(EngineHarness.Prompt(5, 5), new SamplingParams(Temperature: 1.2f, Seed: 3, MaxTokens: 6, IgnoreEos: true), NumChoices: 2),
            ]),
        ["host-sampled rows mixed in, so some steps run synchronously"] = new(
            overlap => new PipelineHarness(overlap),
            [
                new(EngineHarness.Prompt(6, 6), EngineHarness.Greedy(14)),
                new(EngineHarness.Prompt(5, 7), new SamplingParams(Temperature: 0.7f, TopK: 5, Seed: 1, MaxTokens: 4, IgnoreEos: true)),
                new(EngineHarness.Prompt(8, 8), new SamplingParams(Temperature: 0f, MaxTokens: 3, IgnoreEos: true, Logprobs: 2)),
                new(EngineHarness.Prompt(4, 9), new SamplingParams(Temperature: 0.9f, Seed: 11, MaxTokens: 9, IgnoreEos: true)),
            ],
            h => (h.Runner.NumForwards, h.Runner.NumLaunches).Should().Match<(int Forwards, int Launches)>(x => x.Forwards > 0 && x.Launches > 0)),
        ["preemption under a tiny KV cache"] = new(
            overlap => new PipelineHarness(overlap, numBlocks: 10),
            [.. Enumerable.Range(0, 4).Select(i => new RequestSpec(EngineHarness.Prompt(8, 10 + i), EngineHarness.Greedy(12)))],
            h => h.Engine.Scheduler.NumPreemptions.Should().BePositive()),
        ["model length and chunked prefill"] = new(
            overlap => new PipelineHarness(overlap, maxBatchedTokens: 8, maxContextTokens: 32),
            [new(EngineHarness.Prompt(20, 12), EngineHarness.Greedy(100)), new(EngineHarness.Prompt(14, 13), EngineHarness.Greedy(30))],
            h => h.Runner.Launched.SelectMany(s => s).Should().Contain(c => !c.ComputeLogits, "prompts longer than the budget are prefilled in chunks")),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Overlapped_steps_produce_the_same_outputs_as_sequential_steps(string name)
    {
        var scenario = Cases[name];
        var sequential = Run(scenario, overlap: false);
        var overlapped = Run(scenario, overlap: true);

        for (var i = 0; i < scenario.Requests.Length; i++)
        {
            overlapped.Transcript(overlapped.Requests[i]).Should().Equal(sequential.Transcript(sequential.Requests[i]), $"request {i} of '{name}'");
        }

        foreach (var run in new[] { sequential, overlapped })
        {
            run.Runner.Violations.Concat(run.Runner.Inner.Violations).Should().BeEmpty();
            run.Blocks.TotalRefCount.Should().Be(0, "every block is released once all requests are done");
            run.Runner.HasPendingStep.Should().BeFalse();
        }

        overlapped.Runner.NumLaunches.Should().BePositive();
        scenario.Exercised?.Invoke(overlapped);
    }

    [Fact]
    public void A_sequence_ended_by_a_stop_string_has_its_already_launched_row_discarded()
    {
        var sequential = new PipelineHarness(overlap: false, historyDriven: false);
        var overlapped = new PipelineHarness(overlap: true, historyDriven: false);
        foreach (var h in new[] { sequential, overlapped })
        {
            h.Add(Bytes("abc"), Greedy(20, stop: ["gh"]));
            h.Add(Bytes("mno"), Greedy(12));
            h.RunUntilIdle();
        }

        var stopped = overlapped.Requests[0].Sequences[0];
        stopped.NumOutputTokens.Should().Be(sequential.Requests[0].Sequences[0].NumOutputTokens);
        LogitRows(sequential, stopped.Id).Should().Be(stopped.NumOutputTokens);
        LogitRows(overlapped, stopped.Id).Should().Be(stopped.NumOutputTokens + 1, "the stop string was found while the next step already ran");
        string.Concat(overlapped.Outputs(overlapped.Requests[0]).SelectMany(o => o.Deltas).Select(d => d.Text)).Should().Be("def");
    }

    [Fact]
    public void The_next_step_is_launched_before_the_text_of_the_previous_one_is_written()
    {
        var sequential = new PipelineHarness(overlap: false);
        var overlapped = new PipelineHarness(overlap: true);
        foreach (var h in new[] { sequential, overlapped })
        {
            h.Add(EngineHarness.Prompt(6, 1), EngineHarness.Greedy(5));
            h.RunUntilIdle();
        }

        sequential.Runner.ProbesAtLaunch.Should().Equal([0, 1, 2, 3, 4], "each step's output is written before the next launch");
        overlapped.Runner.ProbesAtLaunch.Should().Equal([0, 0, 1, 2, 3], "step N+1 is launched before step N's output is written");
        overlapped.Runner.Calls.Should().Equal(["launch", "collect", "launch", "collect", "launch", "collect", "launch", "collect", "launch", "collect"]);
    }

    [Fact]
    public void Has_work_while_a_launched_step_is_not_collected()
    {
        var h = new PipelineHarness(overlap: true);
        var request = h.Add(EngineHarness.Prompt(5, 2), EngineHarness.Greedy(1));

        h.Engine.Step().Should().BeTrue();

        h.Runner.HasPendingStep.Should().BeTrue();
        h.Engine.HasWork.Should().BeTrue();
        h.Engine.Step().Should().BeTrue("collecting the launched step is progress");
        h.Runner.HasPendingStep.Should().BeFalse();
        h.Engine.HasWork.Should().BeFalse();
        h.Engine.Step().Should().BeFalse();
        h.Transcript(request)[^2].Should().Be("final: prompt=5 completion=1 error=-");
    }

    private static PipelineHarness Run(Case scenario, bool overlap)
    {
        var h = scenario.Create(overlap);
        foreach (var spec in scenario.Requests)
        {
            h.Add(spec.Prompt, spec.Params, spec.NumChoices);
        }

        h.RunUntilIdle();
        return h;
    }

    private static int LogitRows(PipelineHarness h, long sequenceId) =>
        h.Runner.Launched.SelectMany(step => step).Count(c => c.SequenceId == sequenceId && c.ComputeLogits);

    private static int[] Bytes(string text) => [.. Encoding.UTF8.GetBytes(text).Select(b => (int)b)];

    private static SamplingParams Greedy(int maxTokens, string[]? stop = null) => new(Temperature: 0f, MaxTokens: maxTokens, IgnoreEos: true, StopStrings: stop);
}
