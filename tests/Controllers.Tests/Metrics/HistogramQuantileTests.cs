using Sluice.Controllers.Metrics;

namespace Sluice.Controllers.Tests;

public class HistogramQuantileTests
{
    [Fact]
    public void Interpolates_inside_the_bucket_holding_the_rank()
    {
        // 10 samples in (0, 0.1], 10 in (0.1, 0.2]: the median is the edge, p75 is halfway into bucket two.
        double[] bounds = [0.1, 0.2, double.PositiveInfinity];
        double[] counts = [10, 20, 20];
        HistogramQuantile.Compute(0.5, bounds, counts).Should().BeApproximately(0.1, 1e-12);
        HistogramQuantile.Compute(0.75, bounds, counts).Should().BeApproximately(0.15, 1e-12);
    }

    [Fact]
    public void Error_is_bounded_by_the_bucket_width_on_synthetic_samples()
    {
        var random = new Random(7);
        var samples = Enumerable.Range(0, 5000).Select(_ => random.NextDouble() * random.NextDouble()).Order().ToArray();
        var bounds = Enumerable.Range(1, 20).Select(i => i * 0.05).Append(double.PositiveInfinity).ToArray();
        var counts = bounds.Select(b => (double)samples.Count(s => s <= b)).ToArray();
        foreach (var q in new[] { 0.5, 0.9, 0.95, 0.99 })
        {
            var exact = samples[(int)Math.Ceiling(q * samples.Length) - 1];
            HistogramQuantile.Compute(q, bounds, counts)!.Value.Should().BeApproximately(exact, 0.05);
        }
    }

    [Fact]
    public void Empty_histogram_has_no_quantile_and_infinite_rank_returns_last_finite_bound()
    {
        HistogramQuantile.Compute(0.95, [0.1, double.PositiveInfinity], [0, 0]).Should().BeNull();
        HistogramQuantile.Compute(0.99, [0.1, double.PositiveInfinity], [1, 100]).Should().Be(0.1);
    }
}
