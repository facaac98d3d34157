using Sluice.Kubernetes.LeaderElection;

namespace Sluice.Kubernetes.Tests.LeaderElection;

public class LeaderElectionOptionsTests
{
    [Fact]
    public void Defaults_are_client_go_defaults()
    {
        var options = new LeaderElectionOptions { LeaseNamespace = "ns", LeaseName = "l", Identity = "me" };

        options.LeaseDuration.Should().Be(TimeSpan.FromSeconds(15));
        options.RenewDeadline.Should().Be(TimeSpan.FromSeconds(10));
        options.RetryPeriod.Should().Be(TimeSpan.FromSeconds(2));
        options.Invoking(o => o.Validate()).Should().NotThrow();
    }

    [Theory]
    [InlineData(10, 10, 2)]
    [InlineData(15, 2, 2)]
    [InlineData(15, 10, 0)]
    public void Unsafe_durations_are_rejected(int leaseSeconds, int renewSeconds, int retrySeconds)
    {
        var options = new LeaderElectionOptions
        {
            LeaseNamespace = "ns",
            LeaseName = "l",
            Identity = "me",
            LeaseDuration = TimeSpan.FromSeconds(leaseSeconds),
            RenewDeadline = TimeSpan.FromSeconds(renewSeconds),
            RetryPeriod = TimeSpan.FromSeconds(retrySeconds),
        };

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage("*retryPeriod*renewDeadline*leaseDuration*");
    }
}
