using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sluice.Kubernetes.LeaderElection;

/// <summary>
/// Runs work while this process holds a coordination.k8s.io/v1 Lease, elected by the package's
/// <see cref="k8s.LeaderElection.LeaderElector"/> on a <see cref="LeaseLock"/>: a candidate takes the Lease
/// only after it has seen the same record unchanged for the record's lease duration; writes carry the Lease's
/// resourceVersion, so two candidates never both win one round; the leader renews every retry period and steps
/// down when it could not renew within the renew deadline. This class adds what the operator needs around it:
/// the work gets a token cancelled when leadership ends, an unanswered request counts as a failed attempt
/// (<see cref="TransientFailureLock"/>), and on shutdown the Lease is released so that a standby takes over at once.
/// </summary>
public sealed class LeaderElector
{
    private readonly IKubernetes _api;
    private readonly LeaderElectionOptions _options;
    private readonly ILogger _logger;
    private volatile bool _isLeader;

    /// <param name="api">The package's client, e.g. <see cref="Client.IKubernetesClient.Api"/>.</param>
    public LeaderElector(IKubernetes api, LeaderElectionOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _api = api;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>True from winning the Lease until the work's token is cancelled.</summary>
    public bool IsLeader => _isLeader;

    public string Identity => _options.Identity;

    /// <summary>
    /// Campaigns until leader, runs <paramref name="onStartedLeading"/> with a token cancelled when
    /// leadership is lost, and returns <see cref="LeadershipOutcome.Lost"/> after the callback has finished
    /// — or <see cref="LeadershipOutcome.Cancelled"/> when <paramref name="cancellationToken"/> or the callback's
    /// own return ends it first (releasing the Lease if configured). Never returns while this process still leads.
    /// </summary>
    public async Task<LeadershipOutcome> RunAsync(Func<CancellationToken, Task> onStartedLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onStartedLeading);
        var leaseLock = new LeaseLock(_api, _options.LeaseNamespace, _options.LeaseName, Identity);
        leaseLock.OnHttpError += e => _logger.LogWarning("{Identity}: lease {Lease}: {Status} {Error}", Identity, leaseLock.Describe(), e.Response?.StatusCode, e.Response?.Content ?? e.Message);
        var config = new LeaderElectionConfig(new TransientFailureLock(leaseLock, _logger))
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        };
        using var election = new k8s.LeaderElection.LeaderElector(config);
        using var electing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        election.OnError += e => _logger.LogWarning("{Identity}: lease {Lease}: {Error}", Identity, leaseLock.Describe(), e?.Message);
        election.OnNewLeader += leader => _logger.LogInformation("lease {Lease} is held by {Leader}", leaseLock.Describe(), leader);
        election.OnStartedLeading += () =>
        {
            _isLeader = true;
            _logger.LogInformation("{Identity} became leader of lease {Lease}", Identity, leaseLock.Describe());
            started.TrySetResult(Task.Run(() => onStartedLeading(leading.Token), CancellationToken.None));
        };
        election.OnStoppedLeading += () =>
        {
            _isLeader = false;
            leading.Cancel();
        };

        await ElectAsync(election, started.Task, electing).ConfigureAwait(false);
        var outcome = electing.IsCancellationRequested ? LeadershipOutcome.Cancelled : LeadershipOutcome.Lost;
        // A renew attempt that outlived the renew deadline keeps retrying inside the package until cancelled.
        await electing.CancelAsync().ConfigureAwait(false);
        _isLeader = false;
        await leading.CancelAsync().ConfigureAwait(false);
        if (!started.Task.IsCompleted)
        {
            return LeadershipOutcome.Cancelled;
        }

        await AwaitWorkAsync(await started.Task.ConfigureAwait(false)).ConfigureAwait(false);
        if (outcome == LeadershipOutcome.Cancelled && _options.ReleaseOnCancel)
        {
            await ReleaseAsync(leaseLock).ConfigureAwait(false);
        }

        _logger.LogWarning("{Identity} stopped leading lease {Lease} ({Outcome})", Identity, leaseLock.Describe(), outcome);
        return outcome;
    }

    /// <summary>
    /// One term of the package's elector: campaign, lead, and end by lost leadership, by <paramref name="electing"/>,
    /// or (cancelling <paramref name="electing"/>) because the work returned on its own.
    /// </summary>
    private static async Task ElectAsync(k8s.LeaderElection.LeaderElector election, Task<Task> started, CancellationTokenSource electing)
    {
        var run = election.RunUntilLeadershipLostAsync(electing.Token);
        if (await Task.WhenAny(run, started).ConfigureAwait(false) == started
            && await Task.WhenAny(run, await started.ConfigureAwait(false)).ConfigureAwait(false) != run)
        {
            await electing.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await run.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (electing.IsCancellationRequested)
        {
            // Shutdown, or the work returned.
        }
    }

    private async Task AwaitWorkAsync(Task work)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The callback honoured the token.
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "{Identity}: leader callback failed", Identity);
        }
    }

    /// <summary>Hands the Lease over as client-go does: no holder, a one-second duration, the transitions kept.</summary>
    private async Task ReleaseAsync(LeaseLock leaseLock)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.RenewDeadline);
            var record = await leaseLock.GetAsync(timeout.Token).ConfigureAwait(false);
            if (record?.HolderIdentity != Identity)
            {
                return;
            }

            var now = DateTime.UtcNow;
            await leaseLock.UpdateAsync(new LeaderElectionRecord
            {
                HolderIdentity = "",
                LeaseDurationSeconds = 1,
                AcquireTime = now,
                RenewTime = now,
                LeaderTransitions = record.LeaderTransitions,
            }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or OperationCanceledException or IOException)
        {
            _logger.LogWarning("{Identity}: could not release lease: {Error}", Identity, ex.Message);
        }
    }
}
