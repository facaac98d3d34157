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

    [Fact]
    public void A_loose_tpot_limit_takes_one_run_at_the_bound()
    {
        ProfileAnalysis.NextBatchSize(new Dictionary<int, double> { [32] = 0.030 }, 0.9).Should().BeNull();
    }

    [Fact]
    public void A_tight_limit_homes_in_on_the_crossing_of_a_linear_tpot_curve()
    {
        // About the H200 (2048, 128) curve: TPOT ≈ 7.5 ms + 0.7 ms × batch; the limit 18.2 ms.
        static double Tpot(int batch) => 0.0075 + (0.0007 * batch);
        var measured = new Dictionary<int, double>();
        int? next = 32;
        var order = new List<int>();
        while (next is { } b)
        {
            order.Add(b);
            measured[b] = Tpot(b);
            next = ProfileAnalysis.NextBatchSize(measured, 0.0182);
        }

        order.Take(2).Should().Equal(32, 1);
        order.Count.Should().BeLessThanOrEqualTo(5, "regula falsi on a straight line lands next to the crossing at once");
        measured.Where(p => p.Value <= 0.0182).Max(p => p.Key).Should().Be(15, "the largest batch under the limit: 7.5 + 0.7 × 15 = 18.0 ms, 16 gives 18.7 ms");
    }

    [Fact]
    public void Nothing_holding_even_at_batch_one_stops()
    {
        ProfileAnalysis.NextBatchSize(new Dictionary<int, double> { [8] = 0.05 }, 0.01).Should().Be(1);
        ProfileAnalysis.NextBatchSize(new Dictionary<int, double> { [8] = 0.05, [1] = 0.02 }, 0.01).Should().BeNull();
    }
}
