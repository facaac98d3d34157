namespace Sluice.Controllers.Metrics;

/// <summary>
/// A cumulative Prometheus histogram: ascending upper bounds (the last is +Inf) with cumulative counts,
/// plus the sum and count of observations. Immutable.
/// </summary>
public sealed record Histogram(double[] UpperBounds, double[] CumulativeCounts, double Sum, double Count)
{
    /// <summary>A histogram with no observations on the given bounds.</summary>
    public static Histogram Empty(double[] upperBounds) => new(upperBounds, new double[upperBounds.Length], 0, 0);

    /// <summary>
    /// Observations made between <paramref name="earlier"/> and this one. When any count went down (the
    /// process restarted and its counters reset) or the bounds differ, this whole histogram is the delta.
    /// </summary>
    public Histogram Minus(Histogram earlier)
    {
        if (!UpperBounds.AsSpan().SequenceEqual(earlier.UpperBounds) || Count < earlier.Count ||
            CumulativeCounts.Where((c, i) => c < earlier.CumulativeCounts[i]).Any())
        {
            return this;
        }

        return new Histogram(UpperBounds, CumulativeCounts.Select((c, i) => c - earlier.CumulativeCounts[i]).ToArray(), Sum - earlier.Sum, Count - earlier.Count);
    }

    /// <summary>Bucket-wise sum; bounds must match (they do for one engine version), except that a histogram without buckets (nothing exported yet) adds nothing.</summary>
    public Histogram Plus(Histogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.UpperBounds.Length == 0)
        {
            return this;
        }

        if (UpperBounds.Length == 0)
        {
            return other;
        }

        if (!UpperBounds.AsSpan().SequenceEqual(other.UpperBounds))
        {
            throw new ArgumentException("histograms with different bucket bounds cannot be added", nameof(other));
        }

        return new Histogram(UpperBounds, CumulativeCounts.Select((c, i) => c + other.CumulativeCounts[i]).ToArray(), Sum + other.Sum, Count + other.Count);
    }

    /// <summary>The interpolated quantile (0..1), or null with no observations.</summary>
    public double? Quantile(double quantile) => HistogramQuantile.Compute(quantile, UpperBounds, CumulativeCounts);

    /// <summary>Fraction (0..1) of observations at or below <paramref name="limit"/>, interpolated inside its bucket; null with no observations.</summary>
    public double? FractionAtOrBelow(double limit)
    {
        if (Count <= 0 || CumulativeCounts.Length == 0 || CumulativeCounts[^1] <= 0)
        {
            return null;
        }

        var total = CumulativeCounts[^1];
        for (var i = 0; i < UpperBounds.Length; i++)
        {
            if (limit > UpperBounds[i])
            {
                continue;
            }

            var lower = i == 0 ? 0 : UpperBounds[i - 1];
            var below = i == 0 ? 0 : CumulativeCounts[i - 1];
            if (double.IsPositiveInfinity(UpperBounds[i]))
            {
                return below / total;
            }

            var share = (limit - lower) / (UpperBounds[i] - lower);
            return (below + ((CumulativeCounts[i] - below) * share)) / total;
        }

        return 1;
    }
}
