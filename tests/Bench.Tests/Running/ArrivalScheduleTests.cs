using Sluice.Bench.Running;
using Sluice.Bench.Spec;

namespace Sluice.Bench.Tests.Running;

public class ArrivalScheduleTests
{
    [Theory]
    [InlineData(2.0, new[] { 0, 0.5, 1.0, 1.5 })]
    [InlineData(8.0, new[] { 0, 0.125, 0.25, 0.375 })]
    public void Constant_gaps_are_one_over_rate(double ratePerSecond, double[] expected)
    {
        var schedule = new ArrivalSchedule(ArrivalProcess.Constant, ratePerSecond, seed: 0);

        expected.Select(_ => schedule.NextOffsetSeconds()).Should().Equal(expected);
    }

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(50.0, 2)]
    public void Poisson_gaps_are_exponential_with_mean_one_over_rate(double ratePerSecond, int seed)
    {
        var schedule = new ArrivalSchedule(ArrivalProcess.Poisson, ratePerSecond, seed);
        var offsets = Enumerable.Range(0, 20_001).Select(_ => schedule.NextOffsetSeconds()).ToList();
        var gaps = offsets.Zip(offsets.Skip(1), (a, b) => b - a).ToList();

        var mean = gaps.Average();
        mean.Should().BeApproximately(1 / ratePerSecond, 0.03 / ratePerSecond);
        // Exponential: standard deviation equals the mean, and P(gap > mean) = e^-1.
        Math.Sqrt(gaps.Average(g => (g - mean) * (g - mean))).Should().BeApproximately(mean, 0.05 * mean);
        ((double)gaps.Count(g => g > 1 / ratePerSecond) / gaps.Count).Should().BeApproximately(Math.Exp(-1), 0.02);
    }

    [Fact]
    public void Same_seed_same_schedule_and_rate_inf_is_all_zero()
    {
        var a = new ArrivalSchedule(ArrivalProcess.Poisson, 3, 9);
        var b = new ArrivalSchedule(ArrivalProcess.Poisson, 3, 9);
        Enumerable.Range(0, 50).Select(_ => a.NextOffsetSeconds()).Should().Equal(Enumerable.Range(0, 50).Select(_ => b.NextOffsetSeconds()));

        var burst = new ArrivalSchedule(ArrivalProcess.Poisson, null, 9);
        Enumerable.Range(0, 5).Select(_ => burst.NextOffsetSeconds()).Should().AllBeEquivalentTo(0.0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Bad_rates_are_rejected(double ratePerSecond)
    {
        var create = () => new ArrivalSchedule(ArrivalProcess.Constant, ratePerSecond, 0);

        create.Should().Throw<ArgumentOutOfRangeException>();
    }
}
