using System.Diagnostics;

namespace Sluice.Bench.Timing;

/// <summary>The wall clock: <see cref="Stopwatch"/> timestamps and <see cref="Task.Delay(TimeSpan, CancellationToken)"/> waits.</summary>
public sealed class SystemBenchClock : IBenchClock
{
    /// <summary>The shared instance; the clock holds no state.</summary>
    public static SystemBenchClock Instance { get; } = new();

    /// <inheritdoc />
    public double NowSeconds => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    /// <inheritdoc />
    public Task DelayUntilAsync(double targetSeconds, CancellationToken cancellationToken)
    {
        var remainingSeconds = targetSeconds - NowSeconds;
        return remainingSeconds <= 0
            ? Task.CompletedTask
            : Task.Delay(TimeSpan.FromSeconds(remainingSeconds), cancellationToken);
    }
}
