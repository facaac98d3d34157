namespace Sluice.Kubernetes.Watching;

/// <summary>
/// Exponential backoff with jitter for reconnects: <see cref="Initial"/>, doubled per failure up to
/// <see cref="Max"/>, each delay randomized by ±<see cref="JitterFraction"/>. Not thread-safe.
/// </summary>
public sealed class Backoff
{
    private int _failures;

    public TimeSpan Initial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);

    public double JitterFraction { get; init; } = 0.2;

    /// <summary>Consecutive failures since the last <see cref="Reset"/>.</summary>
    public int Failures => _failures;

    /// <summary>The delay before the next attempt; counts one more failure.</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures, 30);
        _failures++;
        var baseSeconds = Math.Min(Max.TotalSeconds, Initial.TotalSeconds * Math.Pow(2, exponent));
        var jitter = 1 + (((Random.Shared.NextDouble() * 2) - 1) * JitterFraction);
        return TimeSpan.FromSeconds(Math.Min(Max.TotalSeconds, baseSeconds * jitter));
    }

    /// <summary>Call after a success; the next delay is <see cref="Initial"/> again.</summary>
    public void Reset() => _failures = 0;
}
