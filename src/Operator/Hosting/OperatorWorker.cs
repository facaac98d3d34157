using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.LeaderElection;
using Sluice.Operator.Configuration;

namespace Sluice.Operator.Hosting;

/// <summary>
/// The operator's main loop. With leader election (the default) it campaigns for the Lease and runs the
/// controllers only while leading; a standby replica is ready but idle. Losing the Lease stops the
/// application, so the pod restarts and campaigns afresh with empty caches (the controller-runtime rule).
/// </summary>
public sealed class OperatorWorker(
    IKubernetesClient client,
    ControllerRunner runner,
    OperatorConfig config,
    OperatorState state,
    IHostApplicationLifetime lifetime,
    ILogger<OperatorWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.LeaderElection.Enabled)
        {
            logger.LogInformation("leader election is off; reconciling right away");
            state.Leader = true;
            await runner.RunAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        var election = config.LeaderElection;
        var options = new LeaderElectionOptions
        {
            LeaseName = election.LeaseName,
            LeaseNamespace = LeaseNamespace(election),
            Identity = Identity(),
            LeaseDuration = TimeSpan.FromSeconds(election.LeaseDurationSeconds),
            RenewDeadline = TimeSpan.FromSeconds(election.RenewDeadlineSeconds),
            RetryPeriod = TimeSpan.FromSeconds(election.RetryPeriodSeconds),
        };
        options.Validate();
        var elector = new LeaderElector(client.Api, options, logger);
        state.Ready = true;
        state.NotReadyReason = null;
        logger.LogInformation("campaigning for lease {Namespace}/{Lease} as {Identity}", options.LeaseNamespace, options.LeaseName, options.Identity);
        var outcome = await elector.RunAsync(
            async leading =>
            {
                state.Leader = true;
                logger.LogInformation("became leader as {Identity}", options.Identity);
                try
                {
                    await runner.RunAsync(leading).ConfigureAwait(false);
                }
                finally
                {
                    state.Leader = false;
                }
            },
            stoppingToken).ConfigureAwait(false);
        if (outcome == LeadershipOutcome.Lost)
        {
            logger.LogError("lost the leader lease; stopping so that the pod restarts");
            state.Ready = false;
            state.NotReadyReason = "lost leadership";
            lifetime.StopApplication();
        }
    }

    private string LeaseNamespace(LeaderElectionConfig election)
    {
        if (election.LeaseNamespace.Length > 0)
        {
            return election.LeaseNamespace;
        }

        if (Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } podNamespace)
        {
            return podNamespace;
        }

        return client.DefaultNamespace;
    }

    private static string Identity() =>
        Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : $"{Environment.MachineName}-{Environment.ProcessId}";
}
