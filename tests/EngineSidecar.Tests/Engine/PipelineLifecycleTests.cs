using Sluice.Engine.Engine;

namespace Sluice.Engine.Tests.Engine;

/// <summary>Abort, failure and shutdown while a launched step is in flight.</summary>
public class PipelineLifecycleTests
{
    [Fact]
    public void Aborting_a_request_whose_row_is_in_flight_discards_the_row_and_frees_its_blocks_after_the_collect()
    {
        var alone = new PipelineHarness(overlap: false);
        var reference = alone.Add(EngineHarness.Prompt(7, 2), EngineHarness.Greedy(10));
        alone.RunUntilIdle();
        var h = new PipelineHarness(overlap: true);
        var aborted = h.Add(EngineHarness.Prompt(6, 1), EngineHarness.Greedy(10));
        var kept = h.Add(EngineHarness.Prompt(7, 2), EngineHarness.Greedy(10));
        for (var i = 0; i < 4; i++)
        {
            h.Engine.Step();
        }

        var abortedSeq = aborted.Sequences[0];
        h.Runner.HasPendingStep.Should().BeTrue();
        h.Runner.Launched[^1].Should().Contain(c => c.SequenceId == abortedSeq.Id);
        var tokensAtAbort = abortedSeq.NumOutputTokens;

        h.Engine.Abort(aborted);
        h.RunUntilIdle();

        abortedSeq.NumOutputTokens.Should().Be(tokensAtAbort, "the in-flight row of an aborted sequence is discarded");
        abortedSeq.FinishReason.Should().Be(FinishReason.Abort);
        var transcript = h.Transcript(aborted);
        transcript.Should().Contain(l => l.EndsWith("finish=Abort", StringComparison.Ordinal));
        transcript[^2].Should().Be($"final: prompt=6 completion={tokensAtAbort} error=-");
        h.Transcript(kept).Should().Equal(alone.Transcript(reference));
        h.Runner.Violations.Concat(h.Runner.Inner.Violations).Should().BeEmpty();
        h.Blocks.TotalRefCount.Should().Be(0);
    }

    [Fact]
    public void Aborting_the_only_request_in_flight_keeps_the_engine_busy_until_the_step_is_collected()
    {
        var h = new PipelineHarness(overlap: true);
        var request = h.Add(EngineHarness.Prompt(5, 3), EngineHarness.Greedy(8));
        h.Engine.Step();
        h.Engine.Step();

        h.Engine.Abort(request);

        h.Engine.Scheduler.HasWork.Should().BeFalse();
        h.Engine.HasWork.Should().BeTrue("the launched step still has to be collected");
        h.Engine.Step().Should().BeTrue();
        h.Runner.HasPendingStep.Should().BeFalse();
        h.Engine.HasWork.Should().BeFalse();
        h.Runner.Calls.Should().EndWith(["launch", "collect"]);
    }

    [Fact]
    public void FailAll_with_a_step_in_flight_fails_every_request_and_leaves_the_runner_idle()
    {
        var h = new PipelineHarness(overlap: true);
        var first = h.Add(EngineHarness.Prompt(6, 4), EngineHarness.Greedy(10));
        var second = h.Add(EngineHarness.Prompt(6, 5), EngineHarness.Greedy(10), numChoices: 2);
        h.Engine.Step();
        h.Engine.Step();
        h.Runner.HasPendingStep.Should().BeTrue();

        h.Engine.FailAll("shutting down");

        h.Runner.HasPendingStep.Should().BeFalse();
        h.Engine.HasWork.Should().BeFalse();
        foreach (var request in new[] { first, second })
        {
            h.Transcript(request)[^2].Should().EndWith("error=shutting down");
        }

        h.Blocks.TotalRefCount.Should().Be(0);
        var alone = new PipelineHarness(overlap: false);
        var reference = alone.Add(EngineHarness.Prompt(9, 6), EngineHarness.Greedy(6));
        alone.RunUntilIdle();
        var later = h.Add(EngineHarness.Prompt(9, 6), EngineHarness.Greedy(6));
        h.RunUntilIdle();
        h.Transcript(later).Should().Equal(alone.Transcript(reference), "the engine keeps serving after FailAll");
        h.Runner.Violations.Concat(h.Runner.Inner.Violations).Should().BeEmpty();
    }

    [Fact]
    public async Task Stopping_the_loop_with_a_step_in_flight_fails_the_request_and_leaves_the_runner_idle()
    {
        var h = new PipelineHarness(overlap: true);
        h.Runner.Inner.StepDelay = TimeSpan.FromMilliseconds(5);
        var loop = new EngineLoop(h.Engine, new LiveConfig(new EngineConfig(8, null, 64)));
        loop.Start();
        var request = new EngineRequest("long", EngineHarness.Prompt(6, 7), EngineHarness.Greedy(400), 1, System.Diagnostics.Stopwatch.GetTimestamp());
        loop.Submit(request);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        (await request.Outputs.WaitToReadAsync(timeout.Token)).Should().BeTrue();

        loop.Dispose();

        loop.IsAlive.Should().BeFalse();
        var transcript = h.Transcript(request);
        transcript[^2].Should().EndWith("error=the server is shutting down");
        transcript[^1].Should().Be("channel completed=True");
        h.Runner.HasPendingStep.Should().BeFalse();
        h.Runner.Violations.Should().BeEmpty();
    }

    [Fact]
    public void A_failing_launch_fails_its_requests_after_the_previous_step_text_was_written()
    {
        var h = new PipelineHarness(overlap: true) { Runner = { FailLaunchNumber = 3 } };
        var request = h.Add(EngineHarness.Prompt(6, 8), EngineHarness.Greedy(10));

        h.RunUntilIdle();

        var outputs = h.Outputs(request);
        outputs.Select(o => o.Deltas.SelectMany(d => d.TokenIds).Count()).Should().Equal([1, 1, 0], "steps 1 and 2 were emitted before step 3's failure");
        outputs[^1].Error.Should().Be("the model runner failed: injected launch failure");
        h.Runner.HasPendingStep.Should().BeFalse();
        h.Blocks.TotalRefCount.Should().Be(0);
    }

    [Fact]
    public void A_failing_collect_fails_the_requests_of_that_step_and_the_engine_goes_on()
    {
        var h = new PipelineHarness(overlap: true) { Runner = { FailCollectNumber = 2 } };
        var failed = h.Add(EngineHarness.Prompt(6, 9), EngineHarness.Greedy(10));
        h.Engine.Step();
        h.Engine.Step();
        var queued = h.Add(EngineHarness.Prompt(5, 10), EngineHarness.Greedy(4));

        h.RunUntilIdle();

        h.Transcript(failed)[^2].Should().EndWith("error=the model runner failed: injected collect failure");
        var transcript = h.Transcript(queued);
        transcript.Should().HaveCount(4 + 2);
        transcript[^2].Should().Be("final: prompt=5 completion=4 error=-");
        h.Runner.Violations.Concat(h.Runner.Inner.Violations).Should().BeEmpty();
        h.Blocks.TotalRefCount.Should().Be(0);
    }
}
