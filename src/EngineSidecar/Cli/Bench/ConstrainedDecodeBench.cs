using System.Diagnostics;
using System.Text;
using Sluice.Engine.Compute;
using Sluice.Engine.Engine;
using Sluice.Engine.Grammar;
using Sluice.Engine.Model;

namespace Sluice.Engine.Cli.Bench;

/// <summary>
/// Decode throughput with and without a grammar mask on one model and batch, through the engine itself (scheduler,
/// per-sequence <see cref="TokenConstraint"/>, the device sampler's masked path on CUDA, the host sampler otherwise).
/// Each run submits <c>batch</c> requests with fresh random prompts at temperature 1 and decodes exactly
/// <c>outputTokens</c> tokens per sequence: unconstrained runs ignore end-of-sequence, constrained runs use a grammar
/// whose documents cannot end that soon, so both keep the same batch for the same number of steps. Only steps after
/// every sequence has its first token are timed (decode, not prefill).
/// </summary>
public sealed class ConstrainedDecodeBench
{
    private readonly LoadedModel _model;
    private readonly int _batch;
    private readonly int _promptTokens;
    private readonly int _outputTokens;
    private readonly InferenceEngine _engine;
    private int _runs;

    /// <param name="maxBatchedTokens">Most prompt tokens per prefill step.</param>
    public ConstrainedDecodeBench(LoadedModel model, int batch, int promptTokens, int outputTokens, int maxBatchedTokens, double kvMemoryFraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputTokens, 2);
        _model = model;
        _batch = batch;
        _promptTokens = promptTokens;
        _outputTokens = outputTokens;
        const int blockSize = 16;
        var maxModelTokens = Math.Min(model.Info.MaxContextTokens, promptTokens + outputTokens + 1);
        if (maxModelTokens < promptTokens + outputTokens)
        {
            throw new ArgumentException($"{promptTokens} prompt + {outputTokens} output tokens exceed the model's context of {model.Info.MaxContextTokens}");
        }

        var numBlocks = KvCachePlan.NumBlocks(model.Runner, blockSize, KvCachePlan.BudgetBytes(model.Runner, null, kvMemoryFraction), maxModelTokens);
        var blocksPerSequence = (promptTokens + outputTokens + blockSize - 1) / blockSize;
        if (numBlocks < blocksPerSequence * batch)
        {
            throw new ArgumentException($"a batch of {batch} needs {blocksPerSequence * batch} KV blocks; memory holds {numBlocks}");
        }

        model.Runner.AllocateKvCache(numBlocks, blockSize);
        (model.Runner as IWarmUp)?.WarmUp(batch);
        var config = new LiveConfig(new EngineConfig(batch, null, maxBatchedTokens));
        var metrics = new EngineMetrics(() => throw new InvalidOperationException("the bench publishes no gauges"));
        _engine = new InferenceEngine(model.Runner, model.Tokenizer, new BlockManager(numBlocks, blockSize, enablePrefixCaching: false), config, metrics, maxModelTokens, maxLogprobs: 0);
    }

    /// <summary>Runs the batch once, under <paramref name="grammar"/> or (null) unconstrained.</summary>
    public ConstrainedDecodeRun Run(GrammarNode? grammar)
    {
        var run = _runs++;
        var rng = new Random(1000 + run); // fresh prompts every run: no prefix reuse, no repeated text
        var vocab = Math.Min(_model.Info.VocabSize, _model.Tokenizer.VocabSize);
        var requests = new List<EngineRequest>(_batch);
        for (var i = 0; i < _batch; i++)
        {
            var prompt = Enumerable.Range(0, _promptTokens).Select(_ => rng.Next(vocab)).ToArray();
            var sampling = new SamplingParams(Temperature: 1f, Seed: rng.NextInt64(), MaxTokens: _outputTokens, IgnoreEos: grammar is null, Grammar: grammar);
            var request = new EngineRequest($"bench-{run}-{i}", prompt, sampling, 1, Stopwatch.GetTimestamp());
            requests.Add(request);
            _engine.AddRequest(request);
        }

        var tokens = new int[_batch];
        var texts = requests.Select(_ => new StringBuilder()).ToArray();
        long decodeTokens = 0;
        long? decodeStart = null;
        while (_engine.HasWork)
        {
            _engine.Step();
            var allStarted = true;
            for (var i = 0; i < _batch; i++)
            {
                while (requests[i].Outputs.TryRead(out var output))
                {
                    if (output.Error is not null)
                    {
                        throw new InvalidOperationException("the engine failed during the bench: " + output.Error);
                    }

                    foreach (var delta in output.Deltas)
                    {
                        if (decodeStart is not null)
                        {
                            decodeTokens += delta.TokenIds.Count;
                        }

                        tokens[i] += delta.TokenIds.Count;
                        texts[i].Append(delta.Text);
                    }
                }

                allStarted &= tokens[i] > 0;
            }

            decodeStart ??= allStarted ? Stopwatch.GetTimestamp() : null;
        }

        var seconds = decodeStart is { } start ? Stopwatch.GetElapsedTime(start).TotalSeconds : double.NaN;
        var invalid = grammar is null ? 0 : texts.Count(t => !GrammarStepper.TryFeed(GrammarFrame.Start(grammar, null), Encoding.UTF8.GetBytes(t.ToString()), out _));
        return new ConstrainedDecodeRun(grammar is not null, decodeTokens, seconds, invalid);
    }
}
