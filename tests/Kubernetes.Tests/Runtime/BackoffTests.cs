using Sluice.Kubernetes.Watching;

namespace Sluice.Kubernetes.Tests.Runtime;

public class BackoffTests
{
    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 1.0)]
    [InlineData(4, 4.0)]
    [InlineData(8, 30.0)]
    public void Delays_double_up_to_the_maximum_within_the_jitter(int attempt, double expectedSeconds)
    {
        var backoff = new Backoff { Initial = TimeSpan.FromSeconds(0.5), Max = TimeSpan.FromSeconds(30), JitterFraction = 0.2 };
        TimeSpan delay = default;
        for (var i = 0; i < attempt; i++)
        {
            delay = backoff.Next();
        }

        delay.TotalSeconds.Should().BeInRange(Math.Min(30, expectedSeconds * 0.8), Math.Min(30, expectedSeconds * 1.2));
        backoff.Failures.Should().Be(attempt);
        backoff.Reset();
        backoff.Next().TotalSeconds.Should().BeInRange(0.4, 0.6);
    }
}
