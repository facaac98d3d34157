using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Controllers;
using Sluice.Kubernetes.Helpers;
using Sluice.Kubernetes.LeaderElection;
using Sluice.Kubernetes.Tests.ControlPlane;
using Sluice.Kubernetes.Watching;
using Xunit.Abstractions;

namespace Sluice.Kubernetes.Tests.Integration;

[Collection(ControlPlaneCollection.Name)]
public sealed class LeaderElectionTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMilliseconds(500);
    private readonly ControlPlaneFixture _fixture;
    private readonly ITestOutputHelper _output;

    public LeaderElectionTests(ControlPlaneFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [ControlPlaneFact]
    public async Task One_candidate_leads_and_the_other_takes_over_when_it_dies()
    {
        var plane = _fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("leader");
        var reconciles = new ConcurrentQueue<(string Identity, string Name)>();
        var history = new ConcurrentQueue<V1LeaseSpec>();
        using var watcher = plane.CreateClient();
        using var stopWatch = new CancellationTokenSource();
        var recording = RecordLeaseHistoryAsync(watcher, ns, history, stopWatch.Token);
        await using var a = new Candidate(plane, ns, "candidate-a", reconciles);
        await using var b = new Candidate(plane, ns, "candidate-b", reconciles);
        a.Start();
        b.Start();

        await Eventually.HoldsAsync(() => a.Elector.IsLeader || b.Elector.IsLeader, TimeSpan.FromSeconds(30), "a leader is elected");
        var (leader, follower) = a.Elector.IsLeader ? (a, b) : (b, a);
        using var client = plane.CreateClient();
        await client.CreateAsync(ResourceTypes.ConfigMap, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "work-1", NamespaceProperty = ns } });
        await Eventually.HoldsAsync(() => reconciles.Any(r => r.Name == "work-1"), TimeSpan.FromSeconds(30), "the leader reconciles work-1");
        await Task.Delay(RetryPeriod * 3);
        reconciles.Select(r => r.Identity).Distinct().Should().Equal([leader.Identity], "only the leader reconciles");
        follower.Elector.IsLeader.Should().BeFalse();

        var killedAt = Stopwatch.StartNew();
        await leader.KillAsync();
        await Eventually.HoldsAsync(() => follower.Elector.IsLeader, LeaseDuration * 4, "the follower takes over");
        var takeover = killedAt.Elapsed;
        _output.WriteLine($"takeover after the leader died: {takeover.TotalSeconds:0.00} s (lease {LeaseDuration.TotalSeconds} s, retry {RetryPeriod.TotalSeconds} s)");
        takeover.Should().BeLessThan(LeaseDuration + (2 * RetryPeriod) + TimeSpan.FromSeconds(1), "takeover takes about lease duration + retry period");

        await client.CreateAsync(ResourceTypes.ConfigMap, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "work-2", NamespaceProperty = ns } });
        await Eventually.HoldsAsync(() => reconciles.Any(r => r.Name == "work-2"), TimeSpan.FromSeconds(30), "the new leader reconciles work-2");
        reconciles.Where(r => r.Name == "work-2").Select(r => r.Identity).Distinct().Should().Equal(follower.Identity);

        await Task.Delay(RetryPeriod * 2);
        await stopWatch.CancelAsync();
        await recording;
        AssertNeverTwoLeaders([.. history], leader.Identity, follower.Identity);
        leader.LeadingUntil.Should().NotBeNull();
        follower.LeadingSince.Should().BeOnOrAfter(leader.LeadingUntil!.Value, "the leading intervals do not overlap");
    }

    [ControlPlaneFact]
    public async Task A_leader_that_cannot_renew_steps_down_within_the_renew_deadline()
    {
        var plane = _fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("steal");
        using var client = plane.CreateClient();
        var renewDeadline = TimeSpan.FromSeconds(2);
        var elector = new LeaderElector(client.Api, new LeaderElectionOptions
        {
            LeaseNamespace = ns,
            LeaseName = "stolen",
            Identity = "victim",
            LeaseDuration = LeaseDuration,
            RenewDeadline = renewDeadline,
            RetryPeriod = RetryPeriod,
        });
        var leading = new TaskCompletionSource();
        var stoppedBy = new TaskCompletionSource<bool>();
        var run = elector.RunAsync(async ct =>
        {
            leading.SetResult();
            await Task.Delay(System.Threading.Timeout.Infinite, ct).ContinueWith(_ => stoppedBy.SetResult(ct.IsCancellationRequested), TaskScheduler.Default);
        }, CancellationToken.None);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await ConflictRetry.RunAsync(async ct =>
        {
            var lease = await client.GetAsync<V1Lease>(ResourceTypes.Lease, ns, "stolen", ct);
            lease.Spec!.HolderIdentity = "thief";
            lease.Spec.LeaseDurationSeconds = 3600;
            lease.Spec.RenewTime = DateTime.UtcNow;
            await client.ReplaceAsync(ResourceTypes.Lease, lease, ct);
        });
        var stolenAt = Stopwatch.StartNew();

        (await run.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(LeadershipOutcome.Lost);
        _output.WriteLine($"stepped down {stolenAt.Elapsed.TotalSeconds:0.00} s after the lease was taken (renew deadline {renewDeadline.TotalSeconds} s)");
        stolenAt.Elapsed.Should().BeLessThan(renewDeadline + (2 * RetryPeriod) + TimeSpan.FromSeconds(5), "it steps down within its renew deadline, not at the thief's hour-long lease");
        (await stoppedBy.Task).Should().BeTrue("the leader callback's token is cancelled");
        elector.IsLeader.Should().BeFalse();
    }

    [ControlPlaneFact]
    public async Task A_leader_shutting_down_releases_the_lease_so_a_standby_takes_over_at_once()
    {
        var plane = _fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("release");
        using var client = plane.CreateClient();
        var longLease = TimeSpan.FromSeconds(30);
        LeaderElector Elector(string identity) => new(client.Api, new LeaderElectionOptions
        {
            LeaseNamespace = ns,
            LeaseName = "released",
            Identity = identity,
            LeaseDuration = longLease,
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = RetryPeriod,
        });
        var first = Elector("first");
        var second = Elector("second");
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();
        var firstLeads = new TaskCompletionSource();
        var secondLeads = new TaskCompletionSource();
        var firstRun = first.RunAsync(ct => Lead(firstLeads, ct), stopFirst.Token);
        await firstLeads.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var secondRun = second.RunAsync(ct => Lead(secondLeads, ct), stopSecond.Token);
        await Task.Delay(RetryPeriod * 3);
        second.IsLeader.Should().BeFalse("the first holds an unexpired lease");

        var stoppedAt = Stopwatch.StartNew();
        await stopFirst.CancelAsync();
        (await firstRun.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(LeadershipOutcome.Cancelled);
        await secondLeads.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _output.WriteLine($"standby led {stoppedAt.Elapsed.TotalSeconds:0.00} s after the leader shut down (lease {longLease.TotalSeconds} s)");
        stoppedAt.Elapsed.Should().BeLessThan(longLease / 3, "the released lease is taken without waiting for it to expire");
        (await client.GetAsync<V1Lease>(ResourceTypes.Lease, ns, "released")).Spec!.LeaseTransitions.Should().Be(1);

        await stopSecond.CancelAsync();
        (await secondRun.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(LeadershipOutcome.Cancelled);

        static async Task Lead(TaskCompletionSource leads, CancellationToken cancellationToken)
        {
            leads.SetResult();
            await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
        }
    }

    private static void AssertNeverTwoLeaders(IReadOnlyList<V1LeaseSpec> history, string first, string second)
    {
        var holders = history.Select(h => h.HolderIdentity).Where(h => h is not null).ToList();
        holders.Distinct().Should().Equal([first, second], "the lease went from the first leader to the second once");
        var lastOfFirst = history.Last(h => h.HolderIdentity == first);
        var firstOfSecond = history.First(h => h.HolderIdentity == second);
        var expiry = lastOfFirst.RenewTime!.Value + TimeSpan.FromSeconds(lastOfFirst.LeaseDurationSeconds!.Value);
        firstOfSecond.AcquireTime.Should().BeOnOrAfter(expiry, "a new holder acquires only after the old lease expired");
        firstOfSecond.LeaseTransitions.Should().Be((lastOfFirst.LeaseTransitions ?? 0) + 1);
    }

    private static async Task RecordLeaseHistoryAsync(IKubernetesClient client, string ns, ConcurrentQueue<V1LeaseSpec> history, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in client.WatchResumingAsync<V1Lease>(ResourceTypes.Lease, ns, new WatchOptions { ResourceVersion = "0" }, cancellationToken: cancellationToken))
            {
                if (change.Type is WatchEventType.Added or WatchEventType.Modified && change.Object.Spec is { } spec)
                {
                    history.Enqueue(spec);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Done recording.
        }
    }

    /// <summary>One operator replica: its own client, controller manager and elector.</summary>
    private sealed class Candidate : IAsyncDisposable, IReconciler<V1ConfigMap>
    {
        private readonly KubernetesClient _client;
        private readonly ControllerManager _manager;
        private readonly ConcurrentQueue<(string Identity, string Name)> _reconciles;
        private readonly CancellationTokenSource _stop = new();
        private Task? _run;

        public Candidate(TestControlPlane plane, string ns, string identity, ConcurrentQueue<(string Identity, string Name)> reconciles)
        {
            Identity = identity;
            _reconciles = reconciles;
            _client = plane.CreateClient();
            _manager = new ControllerManager(_client);
            _manager.AddController("leader-test", ResourceTypes.ConfigMap, this, @namespace: ns);
            Elector = new LeaderElector(_client.Api, new LeaderElectionOptions
            {
                LeaseNamespace = ns,
                LeaseName = "sluice-test",
                Identity = identity,
                LeaseDuration = LeaseDuration,
                RenewDeadline = TimeSpan.FromSeconds(2),
                RetryPeriod = RetryPeriod,
                ReleaseOnCancel = false,
            });
        }

        public string Identity { get; }

        public LeaderElector Elector { get; }

        public DateTimeOffset? LeadingSince { get; private set; }

        public DateTimeOffset? LeadingUntil { get; private set; }

        public void Start() => _run = Elector.RunAsync(LeadAsync, _stop.Token);

        /// <summary>Stops the candidate without releasing the lease, as a crash would.</summary>
        public async Task KillAsync()
        {
            await _stop.CancelAsync();
            if (_run is not null)
            {
                await _run;
            }
        }

        public Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
        {
            _reconciles.Enqueue((Identity, request.Name));
            return Task.FromResult(ReconcileResult.Done);
        }

        public async ValueTask DisposeAsync()
        {
            await KillAsync();
            _manager.Dispose();
            _client.Dispose();
            _stop.Dispose();
        }

        private async Task LeadAsync(CancellationToken cancellationToken)
        {
            LeadingSince = DateTimeOffset.UtcNow;
            try
            {
                await _manager.RunAsync(cancellationToken);
            }
            finally
            {
                LeadingUntil = DateTimeOffset.UtcNow;
            }
        }
    }
}
