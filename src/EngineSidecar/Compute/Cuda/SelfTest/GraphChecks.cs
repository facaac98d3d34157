namespace Sluice.Engine.Compute.Cuda.SelfTest;

/// <summary>
/// Decode steps replayed from CUDA graphs (padded batches) against the same steps run op by op: three sequences of
/// different lengths, prefilled apart, then decoded together for several steps; logits of every step must agree.
/// Each decode step is also launched two-phase (<see cref="IDeviceSampling"/>): while it is in flight the eager runner
/// computes the same step, a second Launch and a Forward on the launched runner must be refused, and the collected
/// ids must be the argmax of the eager logits.
/// </summary>
public static class GraphChecks
{
    /// <summary>Graph and eager runs differ only in attention split counts: fp32 rounding, far below bf16 tolerance.</summary>
    public const double Tolerance = 1e-3;

    private static readonly int[] PromptLengths = [3, 17, 40];

    public static CheckResult Run(string modelDirectory, CudaRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var graphs = CudaModelRunner.Load(modelDirectory, options with { UseCudaGraphs = true });
        using var eager = CudaModelRunner.Load(modelDirectory, options with { UseCudaGraphs = false });
        var vocab = graphs.Info.VocabSize;
        var rng = new Random(5);
        int[][] prompts = [.. PromptLengths.Select(n => Enumerable.Range(0, n).Select(_ => rng.Next(vocab)).ToArray())];
        int[][] tables = [[9, 2, 4, 11], [0, 7, 5, 12], [3, 1, 8, 6]];
        double worst = 0;
        foreach (var runner in new[] { graphs, eager })
        {
            runner.AllocateKvCache(16, 16);
        }

        var next = new int[prompts.Length];
        for (var s = 0; s < prompts.Length; s++)
        {
            var a = graphs.Forward([new ScheduledChunk(s, prompts[s], 0, tables[s], true)]);
            var b = eager.Forward([new ScheduledChunk(s, prompts[s], 0, tables[s], true)]);
            worst = Math.Max(worst, TwinHarness.RelativeError(a, b));
            next[s] = Array.IndexOf(b, b.Max());
        }

        for (var step = 0; step < 6; step++)
        {
            var chunks = Enumerable.Range(0, prompts.Length)
                .Select(s => new ScheduledChunk(s, [next[s]], prompts[s].Length + step, tables[s], true)).ToList();
            graphs.Launch(chunks, new float[3], new ulong[3]);
            var refused = Refused(() => graphs.Launch(chunks, new float[3], new ulong[3])) && Refused(() => graphs.Forward(chunks)) && graphs.HasPendingStep;
            var b = eager.Forward(chunks);
            var sampled = graphs.Collect();
            var a = graphs.Forward(chunks);
            worst = refused ? Math.Max(worst, TwinHarness.RelativeError(a, b)) : double.PositiveInfinity;
            for (var s = 0; s < prompts.Length; s++)
            {
                var row = b.AsSpan(s * vocab, vocab).ToArray();
                next[s] = Array.IndexOf(row, row.Max());
                worst = sampled[s] == next[s] ? worst : double.PositiveInfinity;
            }
        }

        return new CheckResult($"decode graphs vs eager ({Path.GetFileName(modelDirectory.TrimEnd('/'))}, 3 sequences, 6 steps)", worst, Tolerance,
            $"{graphs.GraphCount} graphs captured; decode steps launched two-phase");
    }

    // True when action throws InvalidOperationException (the two-phase contract refusing a call while a step is pending).
    private static bool Refused(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
