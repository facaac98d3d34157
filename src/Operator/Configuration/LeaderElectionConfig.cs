namespace Sluice.Operator.Configuration;

/// <summary>Lease-based leader election: only the holder of the Lease reconciles; others wait as hot standbys.</summary>
public sealed class LeaderElectionConfig
{
    public bool Enabled { get; set; } = true;

    public string LeaseName { get; set; } = "sluice-operator";

    /// <summary>Namespace of the Lease; empty means the pod's namespace (POD_NAMESPACE, then the service account's).</summary>
    public string LeaseNamespace { get; set; } = "";

    public double LeaseDurationSeconds { get; set; } = 15;

    public double RenewDeadlineSeconds { get; set; } = 10;

    public double RetryPeriodSeconds { get; set; } = 2;
}
