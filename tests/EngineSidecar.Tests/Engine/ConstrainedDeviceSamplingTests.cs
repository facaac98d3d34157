using System.Diagnostics;
using System.Text.Json;
using Sluice.Engine.Engine;
using Sluice.Engine.Grammar;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Engine;

/// <summary>Constrained rows are sampled on the device under their grammar's mask, with the host sampler's result.</summary>
public class ConstrainedDeviceSamplingTests
{
    private static readonly GrammarNode Grammar = JsonSchemaCompiler.Compile(JsonDocument.Parse(
        """{"type":"object","properties":{"word":{"type":"string","maxLength":5},"n":{"type":"integer"}},"required":["word","n"]}""").RootElement);

    private static InferenceEngine Create(Sluice.Engine.Compute.IModelRunner runner) =>
        new(runner, new ByteTokenizer(), new BlockManager(64, 4, true), new LiveConfig(new EngineConfig(8, null, 64)),
            new EngineMetrics(() => new EngineGaugeSnapshot(0, 0, 0, 0, 0, null, 0, 0, 0)), 512, maxLogprobs: 20);

    private static EngineRequest Run(InferenceEngine engine, SamplingParams p, int numChoices = 1)
    {
        var request = new EngineRequest("r", [10, 20, 30], p, numChoices, Stopwatch.GetTimestamp());
        engine.AddRequest(request);
        for (var i = 0; engine.HasWork && i < 1000; i++)
        {
            engine.Step();
        }

        return request;
    }

    [Fact]
    public void Greedy_constrained_rows_go_to_the_device_and_match_the_host_sampler()
    {
        var hostRunner = new FakeModelRunner();
        hostRunner.AllocateKvCache(64, 4);
        var host = Run(Create(hostRunner), new SamplingParams(Temperature: 0f, MaxTokens: 60, Grammar: Grammar));
        var device = new TwoPhaseFakeRunner(new FakeModelRunner());
        device.AllocateKvCache(64, 4);

        var request = Run(Create(device), new SamplingParams(Temperature: 0f, MaxTokens: 60, Grammar: Grammar));

        device.NumForwards.Should().Be(0, "no logits come back to the host");
        device.Masks.Should().NotBeEmpty().And.OnlyContain(m => m != null && m.RowMasks.All(i => i >= 0));
        device.MaskCallsPerLaunch.Should().OnlyContain(n => n == 1, "each launch computes its masks once, inside the launch, after the forward pass is queued");
        request.Sequences[0].TokenIds.Should().Equal(host.Sequences[0].TokenIds);
        request.Sequences[0].FinishReason.Should().Be(FinishReason.Stop);
        var text = new ByteTokenizer().Decode(request.Sequences[0].TokenIds.Skip(3).ToList(), skipSpecialTokens: true);
        JsonDocument.Parse(text).RootElement.GetProperty("n").ValueKind.Should().Be(JsonValueKind.Number);
    }

    [Fact]
    public void Sampled_constrained_choices_on_the_device_all_parse()
    {
        var device = new TwoPhaseFakeRunner(new FakeModelRunner());
        device.AllocateKvCache(64, 4);

        var request = Run(Create(device), new SamplingParams(Temperature: 1f, MaxTokens: 80, Seed: 5, Grammar: Grammar), numChoices: 4);

        device.NumForwards.Should().Be(0);
        foreach (var seq in request.Sequences)
        {
            seq.FinishReason.Should().Be(FinishReason.Stop);
            var text = new ByteTokenizer().Decode(seq.TokenIds.Skip(3).ToList(), skipSpecialTokens: true);
            JsonDocument.Parse(text).RootElement.GetProperty("word").GetString()!.Length.Should().BeLessThanOrEqualTo(5);
        }
    }
}
