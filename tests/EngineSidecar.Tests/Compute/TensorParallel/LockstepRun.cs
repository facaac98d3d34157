using System.Numerics.Tensors;
using Sluice.Engine.Compute;
using Sluice.Engine.Tests.Model;

namespace Sluice.Engine.Tests.Compute.TensorParallel;

/// <summary>
/// Feeds two runners the same plan, step by step, and compares their logits: three sequences prefilled together (the middle
/// one in two chunks, so one step mixes its prefill with the others' decodes), then greedy decode steps for all three,
/// each runner fed the reference's argmax tokens. Blocks are placed in reverse, so no sequence's blocks are contiguous.
/// </summary>
public static class LockstepRun
{
    /// <summary>The logits of every step of both runners, reference first.</summary>
    public static IReadOnlyList<(float[] Expected, float[] Actual)> Steps(IModelRunner reference, IModelRunner other, int vocab, int decodeSteps, int blockSize = 4)
    {
        int[][] prompts = [Prompt(vocab, 7, 11), Prompt(vocab, 13, 5), Prompt(vocab, 5, 29)];
        var perSequence = ((prompts.Max(p => p.Length) + decodeSteps) / blockSize) + 1;
        var numBlocks = perSequence * prompts.Length;
        reference.AllocateKvCache(numBlocks, blockSize);
        other.AllocateKvCache(numBlocks, blockSize);
        var tables = Enumerable.Range(0, prompts.Length)
            .Select(s => Enumerable.Range(0, perSequence).Select(b => numBlocks - 1 - ((b * prompts.Length) + s)).ToArray()).ToArray();
        var half = prompts[1].Length / 2;
        var steps = new List<(float[], float[])>();
        var lengths = prompts.Select(p => p.Length).ToArray();
        int[] Run(ScheduledChunk[] chunks)
        {
            var expected = reference.Forward(chunks);
            steps.Add((expected, other.Forward(chunks)));
            return Enumerable.Range(0, expected.Length / vocab).Select(r => TensorPrimitives.IndexOfMax(expected.AsSpan(r * vocab, vocab))).ToArray();
        }

        var first = Run([
            new ScheduledChunk(0, prompts[0], 0, tables[0], true),
            new ScheduledChunk(1, prompts[1][..half], 0, tables[1], false),
            new ScheduledChunk(2, prompts[2], 0, tables[2], true),
        ]);
        var next = Run([
            new ScheduledChunk(1, prompts[1][half..], half, tables[1], true),
            new ScheduledChunk(0, [first[0]], lengths[0]++, tables[0], true),
            new ScheduledChunk(2, [first[1]], lengths[2]++, tables[2], true),
        ]);
        var tokens = new[] { next[1], next[0], next[2] };
        for (var step = 0; step < decodeSteps; step++)
        {
            tokens = Run(Enumerable.Range(0, prompts.Length).Select(s => new ScheduledChunk(s, [tokens[s]], lengths[s]++, tables[s], true)).ToArray());
        }

        return steps;
    }

    /// <summary>The worst <see cref="ModelFixtures.RelativeError"/> over <paramref name="steps"/>; throws when a step's sizes differ.</summary>
    public static double WorstError(IReadOnlyList<(float[] Expected, float[] Actual)> steps) =>
        steps.Max(s => ModelFixtures.RelativeError(s.Actual, s.Expected));

    /// <summary>A deterministic prompt of <paramref name="length"/> ids below <paramref name="vocab"/>.</summary>
    public static int[] Prompt(int vocab, int length, int seed) =>
        Enumerable.Range(0, length).Select(i => ((i * 37) + (seed * 101)) % vocab).ToArray();
}
