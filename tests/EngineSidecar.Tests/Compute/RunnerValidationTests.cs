using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;

namespace Sluice.Engine.Tests.Compute;

/// <summary>Bad chunks are refused with an <see cref="ArgumentException"/> that names the sequence and the problem.</summary>
public sealed class RunnerValidationTests : IDisposable
{
    private readonly TransformerRunner _runner = CpuModelRunner.Load("dummy://tiny");

    public void Dispose() => _runner.Dispose();

    public static TheoryData<ScheduledChunk, string> BadChunks => new()
    {
        { new ScheduledChunk(7, [], 0, [0], true), "sequence 7: chunk has no tokens" },
        { new ScheduledChunk(7, [1, 512], 0, [0], true), "token id 512 is outside the vocabulary [0, 512)" },
        { new ScheduledChunk(7, [1, -1], 0, [0], true), "token id -1 is outside" },
        { new ScheduledChunk(7, [1], -3, [0], true), "negative start position -3" },
        { new ScheduledChunk(7, [1, 2, 3, 4, 5], 0, [0], true), "block table has 1 blocks, positions up to 4 need 2" },
        { new ScheduledChunk(7, [1], 0, [4], true), "block id 4 is outside the cache's 4 blocks" },
        { new ScheduledChunk(7, [1], 2048, Enumerable.Range(0, 600).ToArray(), true), "exceed the model's 2048-token context" },
    };

    [Theory]
    [MemberData(nameof(BadChunks))]
    public void Bad_chunk_is_refused(ScheduledChunk chunk, string fragment)
    {
        _runner.AllocateKvCache(numBlocks: 4, blockSize: 4);

        var forward = () => _runner.Forward([chunk]);

        forward.Should().Throw<ArgumentException>().WithMessage($"*{fragment}*");
    }

    [Fact]
    public void Forward_before_the_cache_is_allocated_is_refused()
    {
        var forward = () => _runner.Forward([new ScheduledChunk(1, [1], 0, [0], true)]);

        forward.Should().Throw<InvalidOperationException>().WithMessage("*AllocateKvCache*");
    }

    [Fact]
    public void Chunks_without_logits_return_nothing_and_an_empty_batch_is_a_no_op()
    {
        _runner.AllocateKvCache(4, 4);

        _runner.Forward([new ScheduledChunk(1, [1, 2, 3], 0, [0], false)]).Should().BeEmpty();
        _runner.Forward([]).Should().BeEmpty();
        _runner.Forward([new ScheduledChunk(1, [4], 3, [0], true)]).Should().HaveCount(512);
    }
}
