using Sluice.Bench.Timing;

namespace Sluice.Bench.Tests.Fakes;

/// <summary>
/// A clock that only moves when told. <see cref="DelayUntilAsync"/> jumps straight to its target, so
/// schedules run instantly at exact virtual times. <see cref="AdvanceAfterReadAsync"/> lets the fake
/// server play "time passes before this chunk": it waits until the clock has been read since the last
/// advance (the client has taken the previous chunk's timestamp), then moves time forward. With one
/// request in flight this makes every measured latency exact.
/// </summary>
public sealed class VirtualClock : IBenchClock
{
    private readonly Lock _lock = new();
    private double _nowSeconds;
    private int _readsSinceAdvance;

    public double NowSeconds
    {
        get
        {
            lock (_lock)
            {
                _readsSinceAdvance++;
                return _nowSeconds;
            }
        }
    }

    public Task DelayUntilAsync(double targetSeconds, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _nowSeconds = Math.Max(_nowSeconds, targetSeconds);
        }

        return Task.CompletedTask;
    }

    public async Task AdvanceAfterReadAsync(double seconds, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_readsSinceAdvance > 0)
                {
                    _nowSeconds += seconds;
                    _readsSinceAdvance = 0;
                    return;
                }
            }

            await Task.Delay(1, cancellationToken);
        }
    }
}
