using Sluice.Kubernetes.Queue;

namespace Sluice.Kubernetes.Tests.Queue;

/// <summary>The queue-wait observer: the time from the add that queued a key to the take, on a clock the test moves.</summary>
public sealed class WorkQueueWaitTests
{
    [Fact]
    public async Task Each_take_reports_the_time_since_the_add_that_queued_it()
    {
        var clock = new SteppedClock();
        var waits = new List<TimeSpan>();
        using var queue = new WorkQueue<string>(new WorkQueueOptions { Waited = waits.Add }, clock);

        queue.Add("a");
        clock.Advance(TimeSpan.FromMilliseconds(30));
        queue.Add("b");
        queue.Add("a");
        clock.Advance(TimeSpan.FromMilliseconds(20));
        await queue.TakeAsync();
        await queue.TakeAsync();

        waits.Should().Equal(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task A_key_added_while_processed_waits_from_that_add_not_from_done()
    {
        var clock = new SteppedClock();
        var waits = new List<TimeSpan>();
        using var queue = new WorkQueue<string>(new WorkQueueOptions { Waited = waits.Add }, clock);
        queue.Add("a");
        var taken = await queue.TakeAsync();

        queue.Add("a");
        clock.Advance(TimeSpan.FromMilliseconds(70));
        queue.Done(taken);
        clock.Advance(TimeSpan.FromMilliseconds(5));
        await queue.TakeAsync();

        waits.Should().Equal(TimeSpan.Zero, TimeSpan.FromMilliseconds(75));
    }

    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
