using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.Slo;

public class ProfilingBatchBoundTests
{
    [Theory]
    // KV capacity / (input + output tokens), rounded down.
    [InlineData(12288.0, 128, 128, 64, 256, 48)]
    [InlineData(7000.0, 100, 28, 64, 256, 54)]
    [InlineData(65536.0, 128, 128, 64, 256, 256)]
    // More than the ceiling fits: the ceiling (the auto lever's upper end) caps it.
    [InlineData(1_000_000.0, 128, 128, 64, 256, 256)]
    [InlineData(16384.0, 16, 16, 64, 100, 100)]
    // Not even one request of the workload fits: still profile batch 1.
    [InlineData(100.0, 128, 128, 64, 256, 1)]
    // Unknown capacity: today's default bound, never above the ceiling.
    [InlineData(null, 128, 128, 64, 256, 64)]
    [InlineData(0.0, 128, 128, 64, 256, 64)]
    [InlineData(-5.0, 128, 128, 64, 256, 64)]
    [InlineData(double.NaN, 128, 128, 64, 256, 64)]
    [InlineData(double.PositiveInfinity, 128, 128, 64, 256, 64)]
    [InlineData(null, 16, 16, 64, 8, 8)]
    public void Largest_batch_is_what_the_kv_cache_holds_at_the_workload_lengths(
        double? capacityTokens, int inputTokens, int outputTokens, int unknownCapacityMax, int ceiling, int expected)
    {
        var (largest, reason) = ProfilingBatchBound.Largest(capacityTokens, inputTokens, outputTokens, unknownCapacityMax, ceiling);

        largest.Should().Be(expected);
        reason.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void The_reason_names_the_numbers()
    {
        ProfilingBatchBound.Largest(12288, 128, 128, 64, 256).Reason.Should().Be("KV capacity 12288 tokens / 256 tokens per request");
        ProfilingBatchBound.Largest(1_000_000, 128, 128, 64, 256).Reason.Should().Be("KV capacity 1000000 tokens / 256 tokens per request, capped at 256");
        ProfilingBatchBound.Largest(null, 128, 128, 64, 256).Reason.Should().Be("the engine exports no KV capacity");
    }

    [Theory]
    [InlineData(0, 128, 64, 256)]
    [InlineData(128, 0, 64, 256)]
    [InlineData(128, 128, 0, 256)]
    [InlineData(128, 128, 64, 0)]
    public void Token_counts_and_bounds_below_one_are_refused(int inputTokens, int outputTokens, int unknownCapacityMax, int ceiling)
    {
        var act = () => ProfilingBatchBound.Largest(4096, inputTokens, outputTokens, unknownCapacityMax, ceiling);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(4, new[] { 1, 2, 4 })]
    [InlineData(6, new[] { 1, 2, 4, 6 })]
    [InlineData(64, new[] { 1, 2, 4, 8, 16, 32, 64 })]
    [InlineData(100, new[] { 1, 2, 4, 8, 16, 32, 64, 100 })]
    public void The_sweep_doubles_from_one_and_ends_at_its_bound(int maxBatchSize, int[] expected)
    {
        ProfilingSweep.BatchSizes(maxBatchSize).Should().Equal(expected);
    }
}
