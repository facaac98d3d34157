using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Reconciling;
using Sluice.Controllers.Slo;
using Sluice.Controllers.SloControl;
using Sluice.Controllers.Tests.EngineApi;
using Sluice.Controllers.Tests.Integration;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Events;
using Sluice.Kubernetes.Reading;
using Sluice.Kubernetes.Runtime;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Controllers.Tests.SloControl;

/// <summary>SLO control as keyed work: many deployments, one of them profiling, on the real control plane with one fake engine behind every pod.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class SloSchedulerIntegrationTests(ControlPlaneFixture fixture)
{
    private const int Deployments = 200;
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(6);

    [ControlPlaneFact]
    public async Task Two_hundred_deployments_are_each_controlled_every_period_while_one_runs_a_profiling_sweep()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "sched");
        await using var engine = await FakeEnginePod.StartAsync();
        engine.TokenMillisecondsPerSequence = 3;
        var names = Enumerable.Range(0, Deployments).Select(i => $"llm-{i:000}").ToList();
        foreach (var batch in names.Chunk(20))
        {
            await Task.WhenAll(batch.Select(name => CreateServedAsync(h, name, engine.BaseUrl.Port, profiled: name == names[0])));
        }

        var reader = new CachedObjectReader(h.Client);
        using var stop = new CancellationTokenSource();
        var informers = StartInformers(h, reader, stop.Token, out var running);
        await Task.WhenAll(informers.Select(i => i.WaitForSyncAsync()));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var options = new SloControlOptions { Period = Period, ProfilingBudget = TimeSpan.FromSeconds(10) };
        var loop = new SloControlLoop(new EngineMetricsScraper(http), new EngineAdminClient(http), TunerSettings.Default, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));
        var profiler = new SloProfiler(new ProfilingSweep(new EngineAdminClient(http), new Sluice.Bench.Running.LoadRunner()), new EngineMetricsScraper(http), options);
        var controller = new SloController(h.Client, reader, loop, options, new ReconcilerOptions(), new EventRecorder(h.Client, "sluice-operator", "test"),
            TimeProvider.System, NullLogger<SloController>.Instance, profiler);
        using var scheduler = new SloScheduler(controller, options, NullLogger<SloScheduler>.Instance);
        foreach (var name in names)
        {
            scheduler.Track(h.Namespace, name);
        }

        var run = scheduler.RunAsync(SloScheduler.DefaultWorkers, stop.Token);
        await Task.Delay(RunFor);
        var profiledMeanwhile = (await h.GetAsync(names[0])).Status?.Tuning?.ProfiledGeneration;
        var periods = names.Skip(1).Select(n => scheduler.PeriodsRun(h.Namespace, n)).ToList();
        var lateness = scheduler.MaxLateness;
        await stop.CancelAsync();
        await Task.WhenAll(running.Append(run)).ContinueWith(_ => { }, TaskScheduler.Default);

        engine.PushedBatchSizes.Should().Contain(b => b != 8, "the sweep started (at its largest batch, then halving; every other deployment runs batch 8)");
        profiledMeanwhile.Should().BeNull("the sweep (a 10 s budget) is still running when the others are counted");
        periods.Min().Should().BeGreaterThanOrEqualTo(4, $"each deployment gets a period every {Period.TotalSeconds} s for {RunFor.TotalSeconds} s, sweep or not");
        lateness.Should().BeLessThan(Period, "no period starts a whole period late");
        var controlled = (await h.Client.ListAllAsync<LLMDeployment>(EntityTypes.LLMDeployment, h.Namespace, null)).Items
            .Where(d => d.Metadata.Name != names[0]).ToList();
        controlled.Should().HaveCount(Deployments - 1).And.OnlyContain(d => d.Status != null && d.Status.Tuning != null && d.Status.Tuning.MaxBatchSize == 8
            && d.Status.Observed != null && d.Status.Observed.Queue == engine.Waiting,
            "every deployment's periods read its engine and wrote what they found into status");
    }

    private static async Task CreateServedAsync(ReconcilerHarness h, string name, int port, bool profiled)
    {
        await h.CreateAsync(name, s =>
        {
            // The profiled deployment's limits are never reached, so its sweep runs until its whole budget is spent.
            s.Slo = profiled ? new SloSpec { Ttft = "60s", Tpot = "10s", Percentile = 95 } : new SloSpec { Ttft = "500ms", Tpot = "10ms", Percentile = 95 };
            s.Workload = new WorkloadSpec { InputTokens = 8, OutputTokens = 6 };
            s.Engine = profiled ? new EngineSpec() : new EngineSpec { MaxBatchSize = "8", MaxRequestRate = "2" };
        });
        await NodePlayer.CreateAdminSecretAsync(h.Client, h.Namespace, name);
        await NodePlayer.CreatePodAsync(h.Client, h.Namespace, $"{name}-engine", name, port);
        await NodePlayer.SetReadyAsync(h.Client, h.Namespace, $"{name}-engine");
    }

    /// <summary>Informers of what SLO control reads (LLMDeployments, engine pods, Secrets), serving <paramref name="reader"/>.</summary>
    private static List<IInformer> StartInformers(ReconcilerHarness h, CachedObjectReader reader, CancellationToken cancellationToken, out List<Task> running)
    {
        var deployments = new Informer<LLMDeployment>(h.Client, EntityTypes.LLMDeployment, new InformerOptions { Namespace = h.Namespace });
        var pods = new Informer<V1Pod>(h.Client, ResourceTypes.Pod, new InformerOptions { Namespace = h.Namespace });
        var secrets = new Informer<V1Secret>(h.Client, ResourceTypes.Secret, new InformerOptions { Namespace = h.Namespace });
        reader.Add(deployments);
        reader.Add(pods);
        reader.Add(secrets);
        running = [deployments.RunAsync(cancellationToken), pods.RunAsync(cancellationToken), secrets.RunAsync(cancellationToken)];
        return [deployments, pods, secrets];
    }
}
