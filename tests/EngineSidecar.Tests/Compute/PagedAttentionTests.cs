using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Tests.Model;

namespace Sluice.Engine.Tests.Compute;

/// <summary>
/// The paged KV cache is invisible in the results: block size, block placement, chunking and batching
/// all give the logits of a plain one-shot run. Uses the mistral fixture (sliding window 8, one KV head)
/// and the llama fixture (GQA, llama3 RoPE).
/// </summary>
public sealed class PagedAttentionTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string, int> BlockSizes => new()
    {
        { "mistral", 1 }, { "mistral", 16 }, { "mistral", 32 },
        { "llama", 1 }, { "llama", 16 }, { "llama", 32 },
    };

    [Theory]
    [MemberData(nameof(BlockSizes))]
    public void Block_size_does_not_change_prefill_or_decode_logits(string arch, int blockSize)
    {
        var golden = ModelFixtures.Golden(arch).Cases[^1];
        using var runner = CpuModelRunner.Load(ModelFixtures.Directory(arch));

        var (prefill, decode) = PrefillThenDecode(runner, golden.InputIds, golden.GreedyIds[..4], blockSize, shuffle: false);

        ModelFixtures.RelativeError(prefill, golden.LastLogits).Should().BeLessThan(1e-4);
        var (reference, referenceDecode) = PrefillThenDecode(runner, golden.InputIds, golden.GreedyIds[..4], 16, shuffle: false);
        ModelFixtures.RelativeError(prefill, reference).Should().BeLessThan(Tolerance);
        ModelFixtures.RelativeError(decode, referenceDecode).Should().BeLessThan(Tolerance);
    }

    [Theory]
    [InlineData("mistral", 4)]
    [InlineData("llama", 8)]
    [InlineData("phi3", 3)]
    public void Shuffled_non_contiguous_blocks_give_the_same_logits(string arch, int blockSize)
    {
        var golden = ModelFixtures.Golden(arch).Cases[^1];
        using var runner = CpuModelRunner.Load(ModelFixtures.Directory(arch));

        var (contiguous, contiguousDecode) = PrefillThenDecode(runner, golden.InputIds, golden.GreedyIds[..4], blockSize, shuffle: false);
        var (shuffled, shuffledDecode) = PrefillThenDecode(runner, golden.InputIds, golden.GreedyIds[..4], blockSize, shuffle: true);

        ModelFixtures.RelativeError(shuffled, contiguous).Should().BeLessThan(Tolerance);
        ModelFixtures.RelativeError(shuffledDecode, contiguousDecode).Should().BeLessThan(Tolerance);
    }

    [Theory]
    [InlineData("mistral", 5)]
    [InlineData("qwen2", 7)]
    [InlineData("llama", 1)]
    public void Chunked_prefill_equals_one_shot_prefill(string arch, int chunkTokens)
    {
        var golden = ModelFixtures.Golden(arch).Cases[^1];
        using var runner = CpuModelRunner.Load(ModelFixtures.Directory(arch));
        runner.AllocateKvCache(8, 8);
        int[] table = [3, 0, 6, 1, 5, 2, 7, 4];
        float[] last = [];
        for (var start = 0; start < golden.InputIds.Length; start += chunkTokens)
        {
            var count = Math.Min(chunkTokens, golden.InputIds.Length - start);
            var isLast = start + count == golden.InputIds.Length;
            var logits = runner.Forward([new ScheduledChunk(1, golden.InputIds[start..(start + count)], start, table, isLast)]);
            logits.Should().HaveCount(isLast ? runner.Info.VocabSize : 0);
            last = logits;
        }

        ModelFixtures.RelativeError(last, golden.LastLogits).Should().BeLessThan(1e-4);
    }

    [Theory]
    [MemberData(nameof(ModelFixtures.All), MemberType = typeof(ModelFixtures))]
    public void A_mixed_batch_equals_running_each_sequence_alone(string arch)
    {
        var cases = ModelFixtures.Golden(arch).Cases;
        using var runner = CpuModelRunner.Load(ModelFixtures.Directory(arch));
        var alone = cases.Select(c => PrefillThenDecode(runner, c.InputIds, c.GreedyIds[..1], 4, shuffle: false)).ToArray();

        // Step 1: prefill all prompts together (sequence 1 split: its first half now, the rest in step 2).
        runner.AllocateKvCache(64, 4);
        var tables = new[] { Enumerable.Range(0, 20).ToArray(), Enumerable.Range(20, 20).ToArray(), Enumerable.Range(40, 20).ToArray() };
        var half = cases[2].InputIds.Length / 2;
        var step1 = runner.Forward(
        [
            new ScheduledChunk(10, cases[0].InputIds, 0, tables[0], true),
            new ScheduledChunk(11, cases[1].InputIds, 0, tables[1], true),
            new ScheduledChunk(12, cases[2].InputIds[..half], 0, tables[2], false),
        ]);
        var vocab = runner.Info.VocabSize;

        // Step 2: decode tokens of sequences 0 and 1 mixed with the rest of sequence 2's prefill.
        var step2 = runner.Forward(
        [
            new ScheduledChunk(11, [cases[1].GreedyIds[0]], cases[1].InputIds.Length, tables[1], true),
            new ScheduledChunk(12, cases[2].InputIds[half..], half, tables[2], true),
            new ScheduledChunk(10, [cases[0].GreedyIds[0]], cases[0].InputIds.Length, tables[0], true),
        ]);

        step1.Should().HaveCount(2 * vocab);
        step2.Should().HaveCount(3 * vocab);
        ModelFixtures.RelativeError(step1.AsSpan(0, vocab), alone[0].Prefill).Should().BeLessThan(Tolerance);
        ModelFixtures.RelativeError(step1.AsSpan(vocab, vocab), alone[1].Prefill).Should().BeLessThan(Tolerance);
        ModelFixtures.RelativeError(step2.AsSpan(0, vocab), alone[1].Decode).Should().BeLessThan(Tolerance);
        ModelFixtures.RelativeError(step2.AsSpan(vocab, vocab), alone[2].Prefill).Should().BeLessThan(Tolerance);
        ModelFixtures.RelativeError(step2.AsSpan(2 * vocab, vocab), alone[0].Decode).Should().BeLessThan(Tolerance);
    }

    [Fact]
    public void Mistral_without_its_sliding_window_diverges_from_the_reference()
    {
        var dir = ModelFixtures.CopyToTemp("mistral");
        try
        {
            var configPath = Path.Combine(dir, "config.json");
            File.WriteAllText(configPath, File.ReadAllText(configPath).Replace("\"sliding_window\": 8", "\"sliding_window\": null", StringComparison.Ordinal));
            var golden = ModelFixtures.Golden("mistral").Cases[^1];
            using var runner = CpuModelRunner.Load(dir);
            var (logits, _) = PrefillThenDecode(runner, golden.InputIds, [], 16, shuffle: false);

            runner.Config.SlidingWindowPerLayer.Should().OnlyContain(w => w == 0);
            ModelFixtures.RelativeError(logits, golden.LastLogits).Should().BeGreaterThan(1e-2);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Prefills <paramref name="prompt"/> in one chunk, then decodes <paramref name="next"/> one by one; returns the prefill logits and the last decode's.</summary>
    private static (float[] Prefill, float[] Decode) PrefillThenDecode(TransformerRunner runner, int[] prompt, int[] next, int blockSize, bool shuffle)
    {
        var total = prompt.Length + next.Length;
        var blocks = (total + blockSize - 1) / blockSize;
        var numBlocks = (2 * blocks) + 3;
        runner.AllocateKvCache(numBlocks, blockSize);
        var table = shuffle
            ? Enumerable.Range(0, numBlocks).OrderBy(i => (i * 7919) % numBlocks).Where(i => i % 2 == 1).Take(blocks).Reverse().ToArray()
            : Enumerable.Range(0, blocks).ToArray();
        var prefill = runner.Forward([new ScheduledChunk(1, prompt, 0, table, true)]);
        var decode = prefill;
        for (var i = 0; i < next.Length; i++)
        {
            decode = runner.Forward([new ScheduledChunk(1, [next[i]], prompt.Length + i, table, true)]);
        }

        return (prefill, decode);
    }
}
