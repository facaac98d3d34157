using System.Diagnostics;
using System.Globalization;
using Sluice.Engine.Engine;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Engine;

/// <summary>An engine over <see cref="TwoPhaseFakeRunner"/>, with step overlap on or off, stepped by the test.</summary>
internal sealed class PipelineHarness
{
    private readonly Dictionary<EngineRequest, List<RequestOutput>> _outputs = [];
    private int _nextRequest;

    public PipelineHarness(bool overlap, int numBlocks = 64, int blockSize = 4, int maxBatchSize = 8, int maxBatchedTokens = 64, int maxContextTokens = 512, bool historyDriven = true)
    {
        Runner = new TwoPhaseFakeRunner(new FakeModelRunner(maxContextTokens: maxContextTokens) { HistoryDriven = historyDriven });
        Runner.AllocateKvCache(numBlocks, blockSize);
        Runner.LaunchProbe = () => Requests.Sum(r => Outputs(r).Count);
        Blocks = new BlockManager(numBlocks, blockSize, enablePrefixCaching: true);
        Metrics = new EngineMetrics(() => new EngineGaugeSnapshot(0, 0, 0, 0, 0, null, 0, 0, 0));
        Engine = new InferenceEngine(Runner, new ByteTokenizer(), Blocks, new LiveConfig(new EngineConfig(maxBatchSize, null, maxBatchedTokens)),
            Metrics, maxContextTokens, maxLogprobs: 20, overlapSteps: overlap);
    }

    public TwoPhaseFakeRunner Runner { get; }

    public BlockManager Blocks { get; }

    public EngineMetrics Metrics { get; }

    public InferenceEngine Engine { get; }

    /// <summary>Every request added, in order.</summary>
    public List<EngineRequest> Requests { get; } = [];

    public EngineRequest Add(int[] promptTokenIds, SamplingParams samplingParams, int numChoices = 1)
    {
        var request = new EngineRequest($"req-{_nextRequest++}", promptTokenIds, samplingParams, numChoices, Stopwatch.GetTimestamp());
        Requests.Add(request);
        Engine.AddRequest(request);
        return request;
    }

    /// <summary>Steps until no work is left; returns the number of steps.</summary>
    public int RunUntilIdle(int maxSteps = 10_000)
    {
        var steps = 0;
        while (Engine.HasWork)
        {
            Engine.Step();
            if (++steps > maxSteps)
            {
                throw new InvalidOperationException("the engine did not finish");
            }
        }

        return steps;
    }

    /// <summary>Every message written to <paramref name="request"/>'s channel so far (read from it and kept).</summary>
    public List<RequestOutput> Outputs(EngineRequest request)
    {
        if (!_outputs.TryGetValue(request, out var seen))
        {
            _outputs[request] = seen = [];
        }

        seen.AddRange(EngineHarness.Drain(request));
        return seen;
    }

    /// <summary>
    /// Everything <paramref name="request"/>'s reader saw, independent of how deltas were grouped into messages: per choice
    /// one line per delta (text, tokens, logprobs, finish reason), then the final message's usage, error and position.
    /// </summary>
    public List<string> Transcript(EngineRequest request)
    {
        var outputs = Outputs(request);
        var lines = new List<string>();
        for (var index = 0; index < request.NumChoices; index++)
        {
            foreach (var delta in outputs.SelectMany(o => o.Deltas).Where(d => d.Index == index))
            {
                var logprobs = delta.Logprobs is null ? "-" : string.Join(",", delta.Logprobs.Select(l => l.Logprob.ToString("R", CultureInfo.InvariantCulture)));
                lines.Add($"{index}: '{delta.Text}' [{string.Join(",", delta.TokenIds)}] lp={logprobs} finish={delta.FinishReason?.ToString() ?? "-"}");
            }
        }

        var finals = outputs.Select((o, i) => (o, i)).Where(x => x.o.Finished).ToList();
        lines.Add(finals.Count == 1 && finals[0].i == outputs.Count - 1
            ? $"final: prompt={finals[0].o.NumPromptTokens} completion={finals[0].o.NumCompletionTokens} error={finals[0].o.Error ?? "-"}"
            : $"{finals.Count} final messages in {outputs.Count}");
        lines.Add($"channel completed={request.Outputs.Completion.IsCompleted}");
        return lines;
    }
}
