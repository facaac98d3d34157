using Sluice.Bench.Stats;

namespace Sluice.Bench.Tests;

public class PercentilesTests
{
    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(50, 3.0)]
    [InlineData(100, 5.0)]
    [InlineData(90, 4.6)]
    [InlineData(25, 2.0)]
    public void Matches_numpy_linear_interpolation(double percentile, double expected)
    {
        Percentiles.Of([5.0, 1.0, 3.0, 2.0, 4.0], percentile).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void No_samples_gives_null_and_bad_percentile_throws()
    {
        Percentiles.Of([], 50).Should().BeNull();
        ((Action)(() => Percentiles.Of([1.0], 101))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
