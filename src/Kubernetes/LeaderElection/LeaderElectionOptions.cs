namespace Sluice.Kubernetes.LeaderElection;

/// <summary>
/// Lease-based leader election settings (client-go defaults). Safety needs
/// <see cref="RenewDeadline"/> &lt; <see cref="LeaseDuration"/>: a leader that cannot renew steps down
/// before anybody else may consider its lease expired.
/// </summary>
public sealed record LeaderElectionOptions
{
    public required string LeaseNamespace { get; init; }

    public required string LeaseName { get; init; }

    /// <summary>Unique per process, e.g. the pod name; written to spec.holderIdentity.</summary>
    public required string Identity { get; init; }

    /// <summary>How long others wait after the last renewal before taking over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leadership.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between acquire and renew attempts.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On cancellation while leading, clear the holder so another candidate takes over at once.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>Throws when the durations cannot give a safe election.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(LeaseNamespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(LeaseName);
        ArgumentException.ThrowIfNullOrWhiteSpace(Identity);
        if (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod || LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException($"leader election needs 0 < retryPeriod ({RetryPeriod}) < renewDeadline ({RenewDeadline}) < leaseDuration ({LeaseDuration})");
        }
    }
}
