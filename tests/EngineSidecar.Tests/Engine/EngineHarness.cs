using System.Diagnostics;
using Sluice.Engine.Engine;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Engine;

/// <summary>An engine over the fake runner, stepped by the test on its own thread.</summary>
internal sealed class EngineHarness
{
    private int _nextRequest;

    public EngineHarness(int numBlocks = 64, int blockSize = 4, int maxBatchSize = 8, int maxBatchedTokens = 64, bool prefixCaching = true, int maxContextTokens = 512, bool historyDriven = true)
    {
        Runner = new FakeModelRunner(maxContextTokens: maxContextTokens) { HistoryDriven = historyDriven };
        Runner.AllocateKvCache(numBlocks, blockSize);
        Blocks = new BlockManager(numBlocks, blockSize, prefixCaching);
        Config = new LiveConfig(new EngineConfig(maxBatchSize, null, maxBatchedTokens));
        Metrics = new EngineMetrics(() => new EngineGaugeSnapshot(0, 0, 0, 0, 0, null, 0, 0, 0));
        Engine = new InferenceEngine(Runner, new ByteTokenizer(), Blocks, Config, Metrics, maxContextTokens, maxLogprobs: 20);
    }

    public FakeModelRunner Runner { get; }

    public BlockManager Blocks { get; }

    public LiveConfig Config { get; }

    public EngineMetrics Metrics { get; }

    public InferenceEngine Engine { get; }

    /// <summary>Greedy parameters with <paramref name="maxTokens"/> and EOS ignored.</summary>
    public static SamplingParams Greedy(int maxTokens) => new(Temperature: 0f, MaxTokens: maxTokens, IgnoreEos: true);

    public EngineRequest Add(int[] promptTokenIds, SamplingParams samplingParams, int numChoices = 1)
    {
        var request = new EngineRequest($"req-{_nextRequest++}", promptTokenIds, samplingParams, numChoices, Stopwatch.GetTimestamp());
        Engine.AddRequest(request);
        return request;
    }

    /// <summary>Steps until no work is left; returns the number of steps.</summary>
    public int RunUntilIdle(int maxSteps = 100_000)
    {
        var steps = 0;
        while (Engine.HasWork)
        {
            Engine.Step();
            steps++;
            if (steps > maxSteps)
            {
                throw new InvalidOperationException("the engine did not finish");
            }
        }

        return steps;
    }

    /// <summary>Reads every output message of <paramref name="request"/> written so far.</summary>
    public static List<RequestOutput> Drain(EngineRequest request)
    {
        var outputs = new List<RequestOutput>();
        while (request.Outputs.TryRead(out var output))
        {
            outputs.Add(output);
        }

        return outputs;
    }

    /// <summary>Generated token ids of choice <paramref name="index"/> from drained outputs.</summary>
    public static List<int> Tokens(IEnumerable<RequestOutput> outputs, int index = 0) =>
        [.. outputs.SelectMany(o => o.Deltas).Where(d => d.Index == index).SelectMany(d => d.TokenIds)];

    /// <summary>Text of choice <paramref name="index"/> from drained outputs.</summary>
    public static string Text(IEnumerable<RequestOutput> outputs, int index = 0) =>
        string.Concat(outputs.SelectMany(o => o.Deltas).Where(d => d.Index == index).Select(d => d.Text));

    public static int[] Prompt(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => ((i * 7) + (seed * 31)) % 256)];
}
