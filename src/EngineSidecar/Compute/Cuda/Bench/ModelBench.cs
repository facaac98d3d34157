using System.Diagnostics;
using System.Numerics.Tensors;

namespace Sluice.Engine.Compute.Cuda.Bench;

/// <summary>
/// Decode latency and offline throughput of a runner. With <paramref name="sampleOnGpu"/> and a
/// <see cref="CudaTransformerRunner"/>, greedy tokens are chosen on the GPU (<see cref="DeviceSamplingExtensions.ForwardSample"/>);
/// otherwise through <see cref="IModelRunner.Forward"/>, whose logits come back to the host for the argmax.
/// Requests run in static waves of at most maxBatch sequences; prompts are prefilled in chunks of at most
/// maxBatchedTokens tokens per step, then every sequence of the wave decodes one token per step.
/// </summary>
public sealed class ModelBench(IModelRunner runner, int numBlocks, int blockSize, bool sampleOnGpu)
{
    private int[] Step(IReadOnlyList<ScheduledChunk> chunks)
    {
        var rows = chunks.Count(c => c.ComputeLogits);
        return sampleOnGpu && runner is CudaTransformerRunner cuda
            ? cuda.ForwardSample(chunks, new float[rows], new ulong[rows])
            : Argmax(runner.Forward(chunks), rows);
    }

    /// <summary>Batch-1 decode: prefills <paramref name="promptTokens"/> random tokens, then times each of <paramref name="newTokens"/> steps.</summary>
    public double[] DecodeStepSeconds(int promptTokens, int newTokens, int seed)
    {
        var rng = new Random(seed);
        var prompt = Enumerable.Range(0, promptTokens).Select(_ => rng.Next(runner.Info.VocabSize)).ToArray();
        var blocks = (promptTokens + newTokens + blockSize - 1) / blockSize;
        if (blocks > numBlocks)
        {
            throw new ArgumentException($"{promptTokens}+{newTokens} tokens need {blocks} KV blocks; the cache has {numBlocks}");
        }

        var table = Enumerable.Range(0, blocks).ToArray();
        var next = Step([new ScheduledChunk(0, prompt, 0, table, true)])[0];
        var times = new double[newTokens];
        for (var i = 0; i < newTokens; i++)
        {
            var started = Stopwatch.GetTimestamp();
            next = Step([new ScheduledChunk(0, [next], promptTokens + i, table, true)])[0];
            times[i] = Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        return times;
    }

    /// <summary>
    /// Runs <paramref name="requests"/> requests of <paramref name="inputTokens"/> random prompt tokens and
    /// <paramref name="outputTokens"/> generated tokens; returns wall seconds and the batch size used.
    /// </summary>
    public (double Seconds, int Batch) Offline(int requests, int inputTokens, int outputTokens, int maxBatch, int maxBatchedTokens, int seed)
    {
        var blocksPerSequence = (inputTokens + outputTokens + blockSize - 1) / blockSize;
        var batch = Math.Min(Math.Min(maxBatch, requests), numBlocks / blocksPerSequence);
        if (batch < 1)
        {
            throw new ArgumentException($"one request needs {blocksPerSequence} KV blocks; the cache has {numBlocks}");
        }

        var rng = new Random(seed);
        var started = Stopwatch.GetTimestamp();
        for (var first = 0; first < requests; first += batch)
        {
            var size = Math.Min(batch, requests - first);
            var tables = Enumerable.Range(0, size).Select(s => Enumerable.Range(s * blocksPerSequence, blocksPerSequence).ToArray()).ToArray();
            var prompts = Enumerable.Range(0, size).Select(_ => Enumerable.Range(0, inputTokens).Select(_ => rng.Next(runner.Info.VocabSize)).ToArray()).ToArray();
            var next = Prefill(prompts, tables, maxBatchedTokens);
            for (var step = 1; step < outputTokens; step++)
            {
                var chunks = Enumerable.Range(0, size).Select(s => new ScheduledChunk(s, [next[s]], inputTokens + step - 1, tables[s], true)).ToList();
                next = Step(chunks);
            }
        }

        return (Stopwatch.GetElapsedTime(started).TotalSeconds, batch);
    }

    private int[] Prefill(int[][] prompts, int[][] tables, int maxBatchedTokens)
    {
        var next = new int[prompts.Length];
        var done = new int[prompts.Length];
        var s = 0;
        while (s < prompts.Length)
        {
            var chunks = new List<ScheduledChunk>();
            var owners = new List<int>();
            var budget = maxBatchedTokens;
            for (var i = s; i < prompts.Length && budget > 0; i++)
            {
                var take = Math.Min(budget, prompts[i].Length - done[i]);
                var last = done[i] + take == prompts[i].Length;
                chunks.Add(new ScheduledChunk(i, prompts[i][done[i]..(done[i] + take)], done[i], tables[i], last));
                done[i] += take;
                budget -= take;
                if (last)
                {
                    owners.Add(i);
                }
            }

            var ids = Step(chunks);
            for (var k = 0; k < owners.Count; k++)
            {
                next[owners[k]] = ids[k];
            }

            while (s < prompts.Length && done[s] == prompts[s].Length)
            {
                s++;
            }
        }

        return next;
    }

    private int[] Argmax(float[] logits, int rows)
    {
        var vocab = runner.Info.VocabSize;
        var ids = new int[rows];
        Parallel.For(0, rows, r => ids[r] = TensorPrimitives.IndexOfMax(logits.AsSpan(r * vocab, vocab)));
        return ids;
    }
}
