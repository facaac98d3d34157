using k8s.Models;
using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Controllers.EngineApi;
using Sluice.E2E.Infrastructure;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Tests.ControlPlane;
using Xunit.Abstractions;

namespace Sluice.E2E;

/// <summary>The operator's SLO controller on the real control plane with a CPU engine behind the node simulator.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SloControlEndToEndTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [ControlPlaneFact]
    public async Task A_tpot_limit_the_engine_cannot_meet_makes_the_tuner_lower_max_batch_size_live()
    {
        var ns = cluster.Namespace;
        var file = Path.Combine(cluster.Plane.Directory, "slo-tight.yaml");

        // Every finished request lands in the engine's first TPOT bucket (≤ 1 ms) or above, so its p95 is
        // always over 100 µs: the tuner must step the batch down while load runs.
        await File.WriteAllTextAsync(file, """
            apiVersion: sluice.dev/v1alpha1
            kind: LLMDeployment
            metadata: {name: slo-tight}
            spec:
              model: {source: dummy://tiny}
              slo: {ttft: 60s, tpot: 100us, percentile: 95}
              engine: {maxBatchSize: auto, maxRequestRate: auto}
            """);
        var (code, stdout, stderr) = await cluster.KubectlAsync("apply", "-n", ns, "-f", file);
        code.Should().Be(0, stdout + stderr);
        var engine = await Poll.ValueAsync(() => cluster.Simulator.ResolveServiceAsync("slo-tight"), Converge, "a Ready engine behind Service slo-tight",
            () => cluster.Operator.Tail());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var scraper = new EngineMetricsScraper(http);
        var before = (await scraper.ScrapeAsync(engine, DateTimeOffset.UtcNow, CancellationToken.None)).ConfigMaxBatchSize;
        before.Should().Be(32, "the engine starts at its default batch");

        using var load = new CancellationTokenSource();
        var spec = new BenchmarkSpec
        {
            BaseUrl = engine,
            Model = "tiny",
            Users = 8,
            DurationSeconds = 80,
            Dataset = new DatasetSpec { InputTokens = 16, OutputTokens = 32 },
            RequestTimeoutSeconds = 30,
            Seed = 1,
        };
        var running = Task.Run(() => new LoadRunner().RunAsync(spec, load.Token));
        try
        {
            var tuned = await Poll.ValueAsync(async () =>
            {
                var status = (await cluster.Admin.GetAsync<LLMDeployment>(EntityTypes.LLMDeployment, ns, "slo-tight")).Status;
                return status?.Tuning?.MaxBatchSize is { } batch && batch < 32 ? status : null;
            }, Converge, "status.tuning.maxBatchSize below 32", () => cluster.Operator.Tail());

            var live = (await scraper.ScrapeAsync(engine, DateTimeOffset.UtcNow, CancellationToken.None)).ConfigMaxBatchSize;
            live.Should().BeLessThan(32, "the tuner pushed a smaller batch to the engine through /admin/config");
            tuned.Observed!.TpotSeconds.Should().BeGreaterThan(0.0001, "the observed TPOT percentile is what breached");
            SloMetStatus(tuned).Should().Be("False");
            await Poll.TrueAsync(async () => (await cluster.Admin.ListAsync<Corev1Event>(ResourceTypes.Event, ns)).Items
                .Any(e => e.InvolvedObject.Name == "slo-tight" && e.Reason == "Tuned" && e.Message!.Contains("maxBatchSize 32 →", StringComparison.Ordinal)),
                Converge, "a Tuned event with the numbers");

            // The count the engine now runs is the one status reports (the tuner may have stepped again meanwhile).
            await Poll.TrueAsync(async () =>
            {
                var status = (await cluster.Admin.GetAsync<LLMDeployment>(EntityTypes.LLMDeployment, ns, "slo-tight")).Status!;
                var now = (await scraper.ScrapeAsync(engine, DateTimeOffset.UtcNow, CancellationToken.None)).ConfigMaxBatchSize;
                return now is not null && (int)now == status.Tuning!.MaxBatchSize;
            }, Converge, "status.tuning.maxBatchSize to match the engine's sluice_config_max_batch_size");
        }
        finally
        {
            await load.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
            }

            (await cluster.KubectlAsync("delete", "llm", "slo-tight", "-n", ns)).ExitCode.Should().Be(0);
        }
    }

    [ControlPlaneFact]
    public async Task Demand_above_the_per_replica_rate_raises_the_replica_count_and_removing_it_lowers_the_count_after_the_delay()
    {
        var ns = cluster.Namespace;
        var file = Path.Combine(cluster.Plane.Directory, "slo-scale.yaml");
        var scaleDownDelay = TimeSpan.FromSeconds(6);
        var stepInterval = TimeSpan.FromSeconds(OperatorProcess.ScaleDownStepSeconds);

        // 5 req/s offered to replicas that admit 2 req/s each at 80 % target utilization needs 4 replicas; max is 3.
        await File.WriteAllTextAsync(file, """
            apiVersion: sluice.dev/v1alpha1
            kind: LLMDeployment
            metadata: {name: slo-scale}
            spec:
              model: {source: dummy://tiny}
              slo: {ttft: 60s, tpot: 10s, percentile: 95}
              engine: {maxBatchSize: auto, maxRequestRate: "2"}
              scaling: {minReplicas: 1, maxReplicas: 3, scaleDownDelay: 6s}
            """);
        var (code, stdout, stderr) = await cluster.KubectlAsync("apply", "-n", ns, "-f", file);
        code.Should().Be(0, stdout + stderr);
        var engine = await Poll.ValueAsync(() => cluster.Simulator.ResolveServiceAsync("slo-scale"), Converge, "a Ready engine behind Service slo-scale",
            () => cluster.Operator.Tail());

        using var load = new CancellationTokenSource();
        var spec = new BenchmarkSpec
        {
            BaseUrl = engine,
            Model = "tiny",
            Mode = LoadMode.OpenLoop,
            RequestRatePerSecond = 5,
            DurationSeconds = 120,
            Dataset = new DatasetSpec { InputTokens = 8, OutputTokens = 4 },
            RequestTimeoutSeconds = 30,
            Seed = 2,
        };
        var running = Task.Run(() => new LoadRunner().RunAsync(spec, load.Token));
        try
        {
            await Poll.TrueAsync(async () => await DeploymentReplicasAsync("slo-scale") == 3, Converge, "the Deployment to run 3 replicas",
                () => cluster.Operator.Tail());

            var status = await StatusAsync("slo-scale");
            status.DesiredReplicas.Should().Be(3);
            status.LastScale!.To.Should().Be(3);
            status.LastScale.From.Should().BeInRange(1, 2, "a first short window may see less demand and scale in two steps");
            status.LastScale.Reason.Should().NotBeNullOrEmpty();
            status.Observed!.RequestRate.Should().BeGreaterThan(2, "429-refused requests count as demand");
            (await ScaledMessagesAsync("slo-scale")).Should().Contain(m => m.Contains("→ 3:", StringComparison.Ordinal));

            // Remove the load. Nothing may step down before the delay has passed since then.
            var stoppedAt = DateTimeOffset.UtcNow;
            await StopAsync(load, running);
            while (DateTimeOffset.UtcNow < stoppedAt + scaleDownDelay)
            {
                (await DeploymentReplicasAsync("slo-scale")).Should().Be(3, "no step down before scaleDownDelay of lower demand");
                await Task.Delay(300);
            }

            await Poll.TrueAsync(async () => await DeploymentReplicasAsync("slo-scale") == 1, TimeSpan.FromSeconds(150),
                "the Deployment to step down to minReplicas 1", () => cluster.Operator.Tail());

            var scaled = (await cluster.Admin.ListAsync<Corev1Event>(ResourceTypes.Event, ns)).Items
                .Where(e => e.InvolvedObject.Name == "slo-scale" && e.Reason == "Scaled").ToList();
            output.WriteLine($"load stopped at {stoppedAt:O}");
            foreach (var e in scaled)
            {
                output.WriteLine($"{e.FirstTimestamp:O} {e.Message}");
            }

            var threeToTwo = scaled.Should().ContainSingle(e => e.Message!.StartsWith("replicas 3 → 2:", StringComparison.Ordinal)).Subject;
            var twoToOne = scaled.Should().ContainSingle(e => e.Message!.StartsWith("replicas 2 → 1:", StringComparison.Ordinal)).Subject;
            scaled.Should().NotContain(e => e.Message!.StartsWith("replicas 3 → 1:", StringComparison.Ordinal), "the count goes down one replica at a time");
            twoToOne.Message.Should().Contain("needed for the last 6s");

            // Timestamps are whole seconds: allow one second of truncation on each side.
            var truncation = TimeSpan.FromSeconds(1);
            threeToTwo.FirstTimestamp.Should().BeOnOrAfter((stoppedAt + scaleDownDelay - truncation).UtcDateTime);
            (twoToOne.FirstTimestamp - threeToTwo.FirstTimestamp).Should().BeGreaterThanOrEqualTo(stepInterval - truncation);

            var last = (await StatusAsync("slo-scale")).LastScale!;
            last.From.Should().Be(2);
            last.To.Should().Be(1);
            last.Reason.Should().Contain("demand").And.Contain("needed for the last 6s");
            last.Time.Should().BeOnOrAfter(stoppedAt + scaleDownDelay + stepInterval - truncation);
        }
        finally
        {
            await StopAsync(load, running);
            (await cluster.KubectlAsync("delete", "llm", "slo-scale", "-n", ns)).ExitCode.Should().Be(0);
        }
    }

    private static async Task StopAsync(CancellationTokenSource load, Task running)
    {
        await load.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<int?> DeploymentReplicasAsync(string name) =>
        (await cluster.Admin.GetAsync<V1Deployment>(ResourceTypes.Deployment, cluster.Namespace, name)).Spec!.Replicas;

    private async Task<LLMDeploymentStatus> StatusAsync(string name) =>
        (await cluster.Admin.GetAsync<LLMDeployment>(EntityTypes.LLMDeployment, cluster.Namespace, name)).Status!;

    private async Task<List<string>> ScaledMessagesAsync(string name) =>
        [.. (await cluster.Admin.ListAsync<Corev1Event>(ResourceTypes.Event, cluster.Namespace)).Items
            .Where(e => e.InvolvedObject.Name == name && e.Reason == "Scaled").Select(e => e.Message ?? string.Empty)];

    private static string? SloMetStatus(LLMDeploymentStatus status) =>
        status.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.SloMet)?.Status;
}
