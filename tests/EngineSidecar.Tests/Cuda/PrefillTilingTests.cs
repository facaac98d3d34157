using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cuda;

namespace Sluice.Engine.Tests.Cuda;

public sealed class PrefillTilingTests
{
    public static TheoryData<(int Start, int Length)[], int[], int[]> Cases => new()
    {
        // Only decodes: no tiles, and no token list (the decode kernel takes every token).
        { [(10, 1), (20, 1), (5, 1)], [], [] },
        // One short prefill chunk beside decodes.
        { [(0, 1), (0, 5), (9, 1)], [1, 5], [0, 6] },
        // A chunk longer than a tile is cut into tiles of 64 and the rest.
        { [(100, 130)], [0, 64, 64, 64, 128, 2], [] },
        // Exactly one tile; a one-token chunk of a prefill is a decode for attention.
        { [(0, 64), (40, 1), (7, 2)], [0, 64, 65, 2], [64] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Splits_prefill_runs_into_tiles_and_leaves_single_tokens_to_decode((int Start, int Length)[] chunks, int[] tiles, int[] decodes)
    {
        var batch = Build(chunks);

        var (actualTiles, actualDecodes) = PrefillTiling.Split(batch);

        actualTiles.Should().Equal(tiles);
        actualDecodes.Should().Equal(decodes);
    }

    [Fact]
    public void Tiles_and_decodes_cover_every_token_once()
    {
        var random = new Random(4);
        var chunks = Enumerable.Range(0, 40).Select(_ => (random.Next(0, 500), random.Next(0, 3) == 0 ? random.Next(2, 300) : 1)).ToArray();
        var batch = Build(chunks);

        var (tiles, decodes) = PrefillTiling.Split(batch);

        var covered = decodes.ToList();
        for (var i = 0; i < tiles.Length; i += 2)
        {
            tiles[i + 1].Should().BeInRange(1, PrefillTiling.TileRows);
            covered.AddRange(Enumerable.Range(tiles[i], tiles[i + 1]));
            batch.TokenSequence.Skip(tiles[i]).Take(tiles[i + 1]).Distinct().Should().ContainSingle("a tile never crosses sequences");
        }

        covered.Order().Should().Equal(Enumerable.Range(0, batch.NumTokens));
    }

    private static StepBatch Build((int Start, int Length)[] chunks)
    {
        const int blockSize = 16;
        var tables = chunks.Select((c, s) => Enumerable.Range(s * 64, ((c.Start + c.Length) / blockSize) + 1).ToArray()).ToArray();
        return StepBatchBuilder.Build(
            chunks.Select((c, s) => new ScheduledChunk(s, new int[c.Length], c.Start, tables[s], true)).ToList(), 1, int.MaxValue, chunks.Length * 64, blockSize);
    }
}
