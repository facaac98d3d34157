namespace Sluice.Kubernetes.LeaderElection;

/// <summary>How <see cref="LeaderElector.RunAsync"/> ended.</summary>
public enum LeadershipOutcome
{
    /// <summary>Leadership could not be renewed within the renew deadline: stop and let the process exit.</summary>
    Lost,

    /// <summary>The caller cancelled (shutdown), or the leader callback returned on its own.</summary>
    Cancelled,
}
