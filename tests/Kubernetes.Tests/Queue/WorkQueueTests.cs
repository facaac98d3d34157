using Sluice.Kubernetes.Queue;

namespace Sluice.Kubernetes.Tests.Queue;

public sealed class WorkQueueTests : IDisposable
{
    private readonly WorkQueue<string> _queue = new();

    [Fact]
    public async Task Queued_items_are_deduplicated()
    {
        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("b");

        _queue.Count.Should().Be(2);
        (await _queue.TakeAsync()).Should().Be("a");
        (await _queue.TakeAsync()).Should().Be("b");
        _queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task An_item_in_processing_is_not_handed_out_twice_and_is_requeued_on_done()
    {
        _queue.Add("a");
        var taken = await _queue.TakeAsync();

        _queue.Add("a");

        _queue.Count.Should().Be(0, "the item is being processed");
        _queue.Done(taken);
        _queue.Count.Should().Be(1, "it was added again while processed");
        (await _queue.TakeAsync()).Should().Be("a");
        _queue.Done("a");
        _queue.Count.Should().Be(0);
    }

    [Theory]
    [InlineData(1, 0.005)]
    [InlineData(2, 0.010)]
    [InlineData(3, 0.020)]
    [InlineData(11, 5.12)]
    [InlineData(18, 655.36)]
    [InlineData(19, 1000)]
    [InlineData(80, 1000)]
    public void Backoff_doubles_from_5_ms_up_to_1000_s(int failures, double expectedSeconds)
    {
        TimeSpan delay = default;
        for (var i = 0; i < failures; i++)
        {
            delay = _queue.NextDelay("x");
        }

        delay.TotalSeconds.Should().BeApproximately(expectedSeconds, 1e-9);
        _queue.NumRequeues("x").Should().Be(failures);
    }

    [Fact]
    public void Forget_resets_the_backoff()
    {
        _queue.NextDelay("x");
        _queue.NextDelay("x");

        _queue.Forget("x");

        _queue.NumRequeues("x").Should().Be(0);
        _queue.NextDelay("x").Should().Be(TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public async Task Add_after_delays_the_item_and_the_earliest_delay_wins()
    {
        _queue.AddAfter("late", TimeSpan.FromSeconds(30));
        _queue.AddAfter("late", TimeSpan.FromMilliseconds(50));

        _queue.Count.Should().Be(0);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        (await _queue.TakeAsync(timeout.Token)).Should().Be("late");
    }

    [Fact]
    public async Task Shutdown_releases_waiting_takers()
    {
        var take = _queue.TakeAsync();

        _queue.ShutDown();

        await take.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
    }

    public void Dispose() => _queue.Dispose();
}
