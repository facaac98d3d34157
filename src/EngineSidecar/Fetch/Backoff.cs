namespace Sluice.Engine.Fetch;

/// <summary>Delay before retry attempt n (1-based): <see cref="First"/> doubling up to <see cref="Max"/>, ±20 % jitter.</summary>
public static class Backoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    /// <summary>The delay after <paramref name="failedAttempts"/> failures; <paramref name="jitter01"/> in [0, 1) picks the jitter.</summary>
    public static TimeSpan After(int failedAttempts, double jitter01)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 20);
        var seconds = Math.Min(Max.TotalSeconds, First.TotalSeconds * Math.Pow(2, exponent));
        return TimeSpan.FromSeconds(seconds * (0.8 + (0.4 * jitter01)));
    }
}
