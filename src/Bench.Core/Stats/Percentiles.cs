namespace Sluice.Bench.Stats;

/// <summary>Exact percentiles of a sample set (nearest-rank on the sorted samples, with linear interpolation).</summary>
public static class Percentiles
{
    /// <summary>
    /// Returns the <paramref name="percentile"/> (0..100) of <paramref name="samples"/> using the
    /// linear interpolation between closest ranks that numpy uses by default; null for no samples.
    /// </summary>
    public static double? Of(IReadOnlyCollection<double> samples, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (samples.Count == 0)
        {
            return null;
        }

        var sorted = samples.Order().ToArray();
        var position = percentile / 100 * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }
}
