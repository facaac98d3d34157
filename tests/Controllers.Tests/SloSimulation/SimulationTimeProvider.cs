namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// A <see cref="TimeProvider"/> on a <see cref="Simulation"/>'s clock: the profiling sweep's time box in simulated time. Timestamps
/// are microseconds since the Unix epoch, as arbitrary as a stopwatch's.
/// </summary>
internal sealed class SimulationTimeProvider(Simulation simulation) : TimeProvider
{
    /// <summary>Wall-clock time of simulation second 0.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => 1_000_000;

    public override long GetTimestamp() => (Epoch.ToUnixTimeMilliseconds() * 1000) + (long)Math.Round(simulation.NowSeconds * TimestampFrequency);

    public override DateTimeOffset GetUtcNow() => At(simulation.NowSeconds);

    /// <summary>The wall-clock time of simulation second <paramref name="seconds"/>.</summary>
    public static DateTimeOffset At(double seconds) => Epoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
}
