using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Models;

namespace Sluice.Kubernetes.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease. A candidate takes the Lease only when it is free or
/// expired: its renewTime + leaseDurationSeconds (the Lease's own values) is in the past AND this candidate
/// has seen the same Lease record unchanged for a whole lease duration on its monotonic clock (so a skewed
/// wall clock alone cannot cause a takeover). Writes use the Lease's resourceVersion, so two candidates can
/// never both win one round. The leader renews every retry period and steps down when it could not renew
/// for the renew deadline, which is shorter than the lease duration.
/// </summary>
public sealed class LeaderElector
{
    private readonly IKubernetesClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private string? _observedResourceVersion;
    private long _observedAtTimestamp;
    private volatile bool _isLeader;

    public LeaderElector(IKubernetesClient client, LeaderElectionOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    public bool IsLeader => _isLeader;

    public string Identity => _options.Identity;

    /// <summary>
    /// Campaigns until leader, runs <paramref name="onStartedLeading"/> with a token cancelled when
    /// leadership is lost, and returns <see cref="LeadershipOutcome.Lost"/> after the callback has finished
    /// — or <see cref="LeadershipOutcome.Cancelled"/> when <paramref name="cancellationToken"/> ends it
    /// first (releasing the Lease if configured). Never returns while this process still leads.
    /// </summary>
    public async Task<LeadershipOutcome> RunAsync(Func<CancellationToken, Task> onStartedLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onStartedLeading);
        try
        {
            while (!await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(Jittered(_options.RetryPeriod), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return LeadershipOutcome.Cancelled;
        }

        _isLeader = true;
        _logger.LogInformation("{Identity} became leader of lease {Namespace}/{Name}", Identity, _options.LeaseNamespace, _options.LeaseName);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => onStartedLeading(leading.Token), CancellationToken.None);
        var outcome = await RenewLoopAsync(work, cancellationToken).ConfigureAwait(false);
        _isLeader = false;
        await leading.CancelAsync().ConfigureAwait(false);
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

        if (outcome == LeadershipOutcome.Cancelled && _options.ReleaseOnCancel)
        {
            await ReleaseAsync().ConfigureAwait(false);
        }

        _logger.LogWarning("{Identity} stopped leading lease {Namespace}/{Name} ({Outcome})", Identity, _options.LeaseNamespace, _options.LeaseName, outcome);
        return outcome;
    }

    private async Task<LeadershipOutcome> RenewLoopAsync(Task work, CancellationToken cancellationToken)
    {
        var lastRenew = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                await Task.WhenAny(work, Task.Delay(_options.RetryPeriod, _time, cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return LeadershipOutcome.Cancelled;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return LeadershipOutcome.Cancelled;
            }

            if (work.IsCompleted)
            {
                return LeadershipOutcome.Cancelled;
            }

            var remaining = _options.RenewDeadline - Stopwatch.GetElapsedTime(lastRenew);
            var renewed = false;
            if (remaining > TimeSpan.Zero)
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(remaining);
                try
                {
                    renewed = await TryAcquireOrRenewAsync(attempt.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    renewed = false;
                }
                catch (OperationCanceledException)
                {
                    return LeadershipOutcome.Cancelled;
                }
            }

            if (renewed)
            {
                lastRenew = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(lastRenew) >= _options.RenewDeadline)
            {
                return LeadershipOutcome.Lost;
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            var lease = await _client.TryGetAsync<Lease>(ResourceTypes.Lease, _options.LeaseNamespace, _options.LeaseName, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                await _client.CreateAsync(ResourceTypes.Lease, new Lease
                {
                    Metadata = new ObjectMeta { Name = _options.LeaseName, Namespace = _options.LeaseNamespace },
                    Spec = new LeaseSpec
                    {
                        HolderIdentity = Identity,
                        LeaseDurationSeconds = DurationSeconds,
                        AcquireTime = now,
                        RenewTime = now,
                        LeaseTransitions = 0,
                    },
                }, cancellationToken).ConfigureAwait(false);
                return true;
            }

            var spec = lease.Spec ??= new LeaseSpec();
            if (lease.Metadata.ResourceVersion != _observedResourceVersion)
            {
                _observedResourceVersion = lease.Metadata.ResourceVersion;
                _observedAtTimestamp = Stopwatch.GetTimestamp();
            }

            var held = !string.IsNullOrEmpty(spec.HolderIdentity);
            if (held && spec.HolderIdentity != Identity && !Expired(spec, now))
            {
                return false;
            }

            if (spec.HolderIdentity != Identity)
            {
                spec.AcquireTime = now;
                spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + (held ? 1 : 0);
                spec.HolderIdentity = Identity;
            }

            spec.RenewTime = now;
            spec.LeaseDurationSeconds = DurationSeconds;
            var updated = await _client.ReplaceAsync(ResourceTypes.Lease, lease, cancellationToken).ConfigureAwait(false);
            _observedResourceVersion = updated.Metadata.ResourceVersion;
            _observedAtTimestamp = Stopwatch.GetTimestamp();
            return true;
        }
        catch (KubernetesApiException ex) when (ex is ConflictException or AlreadyExistsException)
        {
            return false;
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or TimeoutException or IOException)
        {
            _logger.LogWarning("{Identity}: lease {Namespace}/{Name} not acquired or renewed: {Error}", Identity, _options.LeaseNamespace, _options.LeaseName, ex.Message);
            return false;
        }
    }

    private bool Expired(LeaseSpec spec, DateTimeOffset now)
    {
        var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? DurationSeconds);
        var expiredByLease = spec.RenewTime is not { } renew || renew + duration < now;
        var expiredLocally = Stopwatch.GetElapsedTime(_observedAtTimestamp) >= duration;
        return expiredByLease && expiredLocally;
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.RenewDeadline);
            var lease = await _client.TryGetAsync<Lease>(ResourceTypes.Lease, _options.LeaseNamespace, _options.LeaseName, timeout.Token).ConfigureAwait(false);
            if (lease?.Spec?.HolderIdentity != Identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = _time.GetUtcNow();
            await _client.ReplaceAsync(ResourceTypes.Lease, lease, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or OperationCanceledException or TimeoutException)
        {
            _logger.LogWarning("{Identity}: could not release lease: {Error}", Identity, ex.Message);
        }
    }

    private int DurationSeconds => (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds);

    private static TimeSpan Jittered(TimeSpan period) => period * (1 + (Random.Shared.NextDouble() * 0.2));
}
