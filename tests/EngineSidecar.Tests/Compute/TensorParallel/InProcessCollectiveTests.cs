using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Compute.TensorParallel;

namespace Sluice.Engine.Tests.Compute.TensorParallel;

public sealed class InProcessCollectiveTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void All_reduce_leaves_the_same_sum_in_every_ranks_buffer(int ranks)
    {
        using var group = new InProcessCollectiveGroup(ranks);
        using var threads = new RankThreads(ranks, group.Abort);
        var buffers = Enumerable.Range(0, ranks).Select(_ => new CpuActivation(3, 5)).ToArray();
        for (var r = 0; r < ranks; r++)
        {
            for (var i = 0; i < 15; i++)
            {
                buffers[r].Data[i] = (r + 1) * (i + 0.1f);
            }
        }

        threads.Run(rank => group.Rank(rank).AllReduceSum(buffers[rank]));

        var expected = Enumerable.Range(0, 15).Select(i => Enumerable.Range(0, ranks).Aggregate(0f, (s, r) => s + ((r + 1) * (i + 0.1f)))).ToArray();
        foreach (var buffer in buffers)
        {
            buffer.Data.Should().Equal(expected);
        }
    }

    [Fact]
    public void All_gather_places_each_ranks_columns_in_rank_order()
    {
        using var group = new InProcessCollectiveGroup(2);
        using var threads = new RankThreads(2, group.Abort);
        var local = new[] { new CpuActivation(2, 2), new CpuActivation(2, 2) };
        new float[] { 1, 2, 3, 4 }.CopyTo(local[0].Data, 0);
        new float[] { 5, 6, 7, 8 }.CopyTo(local[1].Data, 0);
        var gathered = new[] { new CpuActivation(2, 4), new CpuActivation(2, 4) };

        threads.Run(rank => group.Rank(rank).AllGather(local[rank], gathered[rank]));

        gathered[0].Data.Should().Equal(1, 2, 5, 6, 3, 4, 7, 8);
        gathered[1].Data.Should().Equal(gathered[0].Data);
    }

    [Fact]
    public void A_failing_rank_stops_the_ranks_waiting_for_it_and_its_own_error_is_rethrown()
    {
        using var group = new InProcessCollectiveGroup(3);
        using var threads = new RankThreads(3, group.Abort);
        var buffers = Enumerable.Range(0, 3).Select(_ => new CpuActivation(1, 4)).ToArray();

        var run = () => threads.Run(rank =>
        {
            if (rank == 2)
            {
                throw new InvalidDataException("rank 2 broke");
            }

            group.Rank(rank).AllReduceSum(buffers[rank]);
        });

        run.Should().Throw<InvalidDataException>().WithMessage("rank 2 broke");
        group.IsAborted.Should().BeTrue();
        var again = () => group.Rank(0).AllReduceSum(buffers[0]);
        again.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void Buffers_of_different_shapes_are_an_error_on_every_rank()
    {
        using var group = new InProcessCollectiveGroup(2);
        using var threads = new RankThreads(2, group.Abort);
        var buffers = new[] { new CpuActivation(2, 4), new CpuActivation(2, 3) };

        var run = () => threads.Run(rank => group.Rank(rank).AllReduceSum(buffers[rank]));

        run.Should().Throw<ArgumentException>().WithMessage("*every rank must pass the same shape*");
    }

    [Fact]
    public void A_rank_outside_the_group_is_refused()
    {
        using var group = new InProcessCollectiveGroup(2);

        var act = () => group.Rank(2);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
