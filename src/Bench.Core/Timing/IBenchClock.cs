namespace Sluice.Bench.Timing;

/// <summary>
/// The time source of a benchmark run. Every timestamp the load generator records (request start,
/// each streamed chunk, request end) and every scheduled wait (ramp-up, open-loop arrivals) goes
/// through this interface, so tests can substitute a virtual clock and get exact numbers.
/// </summary>
public interface IBenchClock
{
    /// <summary>Monotonic seconds since an arbitrary origin; never decreases.</summary>
    double NowSeconds { get; }

    /// <summary>
    /// Completes once <see cref="NowSeconds"/> has reached <paramref name="targetSeconds"/> (at once
    /// when it already has). Throws <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    Task DelayUntilAsync(double targetSeconds, CancellationToken cancellationToken);
}
