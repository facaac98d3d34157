using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cuda;

namespace Sluice.Engine.Tests.Cuda;

public sealed class DecodePaddingTests
{
    private static StepBatch ThreeSequenceDecode() => StepBatchBuilder.Build(
        [
            new ScheduledChunk(7, [11], 5, [4, 2], true),
            new ScheduledChunk(8, [12], 0, [9], true),
            new ScheduledChunk(9, [13], 20, [1, 3], true),
        ],
        vocabSize: 100, maxPositions: 64, numBlocks: 10, blockSize: 16);

    [Fact]
    public void Pads_rows_with_skipped_kv_writes_and_a_zero_block_table()
    {
        var padded = DecodePadding.Pad(ThreeSequenceDecode(), batchSize: 4, blockTableStride: 8);

        padded.TokenIds.Should().Equal(11, 12, 13, 0);
        padded.Positions.Should().Equal(5, 0, 20, 0);
        padded.SlotMapping.Should().Equal((4 * 16) + 5, 9 * 16, (3 * 16) + 4, -1);
        padded.TokenSequence.Should().Equal(0, 1, 2, 3);
        padded.MaxBlocksPerSequence.Should().Be(8);
        padded.BlockTables.Should().HaveCount(5 * 8);
        padded.BlockTables.Take(2).Should().Equal(4, 2);
        padded.BlockTables.Skip(8).Take(2).Should().Equal(9, -1);
        padded.BlockTables.Skip(16).Take(2).Should().Equal(1, 3);
        padded.BlockTables.Skip(24).Should().OnlyContain(b => b == 0);
        padded.LogitRows.Should().Equal(0, 1, 2, 3);
    }

    [Theory]
    [InlineData(2, 8)]
    [InlineData(4, 1)]
    public void Rejects_a_step_that_does_not_fit(int batchSize, int stride)
    {
        var act = () => DecodePadding.Pad(ThreeSequenceDecode(), batchSize, stride);

        act.Should().Throw<ArgumentException>().WithMessage("*does not fit*");
    }
}
