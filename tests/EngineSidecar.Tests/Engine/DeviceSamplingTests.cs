using System.Diagnostics;
using Sluice.Engine.Engine;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Engine;

/// <summary>The engine lets a runner that samples on the device pick plain tokens, and keeps the host sampler for everything else.</summary>
public class DeviceSamplingTests
{
    private static (InferenceEngine Engine, TwoPhaseFakeRunner Runner) Create()
    {
        var runner = new TwoPhaseFakeRunner(new FakeModelRunner());
        runner.AllocateKvCache(64, 4);
        var engine = new InferenceEngine(runner, new ByteTokenizer(), new BlockManager(64, 4, true), new LiveConfig(new EngineConfig(8, null, 64)),
            new EngineMetrics(() => new EngineGaugeSnapshot(0, 0, 0, 0, 0, null, 0, 0, 0)), 512, maxLogprobs: 20);
        return (engine, runner);
    }

    private static EngineRequest Add(InferenceEngine engine, string id, SamplingParams p)
    {
        var request = new EngineRequest(id, [10, 20, 30, 40, 50], p, 1, Stopwatch.GetTimestamp());
        engine.AddRequest(request);
        return request;
    }

    private static void RunUntilIdle(InferenceEngine engine)
    {
        for (var i = 0; engine.HasWork && i < 1000; i++)
        {
            engine.Step();
        }
    }

    [Fact]
    public void Plain_requests_are_sampled_on_the_device_with_the_same_greedy_tokens()
    {
        var (hostEngine, _) = Create();
        var hostRequest = Add(hostEngine, "host", new SamplingParams(Temperature: 0f, MaxTokens: 6, IgnoreEos: true, Logprobs: 0));
        RunUntilIdle(hostEngine);
        var (engine, runner) = Create();
        var request = Add(engine, "device", EngineHarness.Greedy(6));

        RunUntilIdle(engine);

        runner.NumForwards.Should().Be(0);
        runner.NumLaunches.Should().BeGreaterThan(0);
        runner.Temperatures.Should().OnlyContain(t => t == 0f);
        request.Sequences[0].TokenIds.Should().Equal(hostRequest.Sequences[0].TokenIds, "the device argmax equals the host sampler's");
    }

    [Theory]
    [InlineData(0.7f, 50, 1f, null)]
    [InlineData(0.7f, -1, 0.9f, null)]
    [InlineData(0f, -1, 1f, 3)]
    public void Truncation_penalty_or_logprobs_keeps_the_step_on_the_host_sampler(float temperature, int topK, float topP, int? logprobs)
    {
        var (engine, runner) = Create();
        Add(engine, "plain", EngineHarness.Greedy(4));
        Add(engine, "special", new SamplingParams(Temperature: temperature, TopK: topK, TopP: topP, MaxTokens: 4, IgnoreEos: true, Logprobs: logprobs));

        RunUntilIdle(engine);

        runner.NumLaunches.Should().Be(0, "one row of the step needs the host sampler, so the whole step returns logits");
        runner.NumForwards.Should().BeGreaterThan(0);
    }
}
