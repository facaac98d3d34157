namespace Sluice.Controllers.Metrics;

/// <summary>
/// Quantiles from cumulative Prometheus histogram buckets, interpolated linearly inside the bucket
/// that holds the rank (the same rule as PromQL's <c>histogram_quantile</c>).
/// </summary>
public static class HistogramQuantile
{
    /// <summary>
    /// Returns the <paramref name="quantile"/> (0..1) of a histogram given as ascending upper bounds and
    /// cumulative counts of equal length (the last bound may be +Inf). Returns null when the histogram is
    /// empty. A rank inside the +Inf bucket returns the largest finite bound.
    /// </summary>
    public static double? Compute(double quantile, IReadOnlyList<double> upperBounds, IReadOnlyList<double> cumulativeCounts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        if (upperBounds.Count != cumulativeCounts.Count)
        {
            throw new ArgumentException("bounds and counts differ in length", nameof(cumulativeCounts));
        }

        if (upperBounds.Count == 0 || cumulativeCounts[^1] <= 0)
        {
            return null;
        }

        var rank = quantile * cumulativeCounts[^1];
        for (var i = 0; i < upperBounds.Count; i++)
        {
            if (cumulativeCounts[i] < rank)
            {
                continue;
            }

            if (double.IsPositiveInfinity(upperBounds[i]))
            {
                return i > 0 ? upperBounds[i - 1] : null;
            }

            var lowerBound = i == 0 ? 0 : upperBounds[i - 1];
            var countBelow = i == 0 ? 0 : cumulativeCounts[i - 1];
            var inBucket = cumulativeCounts[i] - countBelow;
            return inBucket <= 0 ? upperBounds[i] : lowerBound + ((upperBounds[i] - lowerBound) * (rank - countBelow) / inBucket);
        }

        return upperBounds[^1];
    }
}
