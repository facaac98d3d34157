using k8s.Models;
using Sluice.Bench.Spec;
using Sluice.E2E.Infrastructure;
using Sluice.Kubernetes;
using Xunit.Abstractions;

namespace Sluice.E2E.SloDemo;

/// <summary>
/// Records the run plotted in docs/slo-control.md: the operator (installed by the chart, run as a process) and CPU
/// engines behind the node simulator serve open-loop load that steps up and then stops; every second the recorder
/// samples replicas, request rates, TTFT/TPOT percentiles against the limits and the tuned maxBatchSize.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SloDemoTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private const string Name = "slo-demo";
    private const double TtftLimitSeconds = 1;
    private const double TpotLimitSeconds = 0.01;

    private static readonly LoadPhase[] Phases = [new(30, 1.5), new(40, 4), new(50, 9), new(70, 0)];

    [SloDemoFact]
    public async Task Record_a_run_whose_load_steps_up_and_then_stops()
    {
        var directory = Path.GetFullPath(Environment.GetEnvironmentVariable(SloDemoFactAttribute.DirectoryVariable)!);
        var ns = cluster.Namespace;
        var manifest = """
            apiVersion: sluice.dev/v1alpha1
            kind: LLMDeployment
            metadata: {name: slo-demo}
            spec:
              model: {source: dummy://tiny}
              slo: {ttft: 1s, tpot: 10ms, percentile: 95}
              workload: {inputTokens: 16, outputTokens: 32}
              engine: {maxBatchSize: auto, maxRequestRate: "3"}
              scaling: {minReplicas: 1, maxReplicas: 4, scaleDownDelay: 20s}
            """;
        var file = Path.Combine(cluster.Plane.Directory, "slo-demo.yaml");
        await File.WriteAllTextAsync(file, manifest);
        var (code, stdout, stderr) = await cluster.KubectlAsync("apply", "-n", ns, "-f", file);
        code.Should().Be(0, stdout + stderr);
        await Poll.ValueAsync(() => cluster.Simulator.ResolveServiceAsync(Name), TimeSpan.FromSeconds(90), "a Ready engine behind Service slo-demo",
            () => cluster.Operator.Tail());
        try
        {
            var total = Phases.Sum(p => p.DurationSeconds);
            var startedAt = DateTimeOffset.UtcNow;
            var load = new SpreadLoad(cluster.Simulator, Name, "tiny", new DatasetSpec { InputTokens = 16, OutputTokens = 32 });
            var sampler = new SloRunSampler(cluster.Admin, cluster.Simulator, ns, Name, 95, OfferedRate);
            var loading = load.RunAsync(Phases, seed: 7, CancellationToken.None);
            var sampling = sampler.RunAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(total), CancellationToken.None);
            if (await Task.WhenAny(loading, sampling) == loading && loading.IsFaulted)
            {
                await loading; // the load generator failed: no point in recording an idle deployment
            }

            await sampling;
            var runs = await loading;

            var events = (await cluster.Admin.ListAsync<Corev1Event>(ResourceTypes.Event, ns)).Items
                .Where(e => e.InvolvedObject.Name == Name && e.FirstTimestamp is not null)
                .OrderBy(e => e.FirstTimestamp)
                .Select(e => new SloRunEvent(Math.Round((e.FirstTimestamp!.Value - startedAt).TotalSeconds), e.Reason ?? string.Empty, e.Message ?? string.Empty))
                .ToList();
            var requests = new SloRunRequests(
                runs.Sum(r => r.Summary.TotalRequests),
                runs.Sum(r => r.Summary.OkRequests),
                runs.Sum(r => r.Summary.FailedRequests),
                runs.SelectMany(r => r.Summary.ErrorsByKind).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal));
            var recording = new SloRunRecording(manifest, Phases, TtftLimitSeconds, TpotLimitSeconds, 95, sampler.Samples, events, requests);
            foreach (var path in await SloRunFiles.WriteAsync(directory, recording))
            {
                output.WriteLine($"wrote {path}");
            }

            foreach (var e in events)
            {
                output.WriteLine($"{e.TimeSeconds,6:0}s {e.Reason}: {e.Message}");
            }

            output.WriteLine($"requests: {requests.Total}, ok {requests.Ok}, failed {requests.Failed} ({string.Join(", ", requests.ErrorsByKind.Select(kv => $"{kv.Key}: {kv.Value}"))})");
            var peak = sampler.Samples.Max(s => s.DesiredReplicas ?? 0);
            peak.Should().BeGreaterThanOrEqualTo(3, "9 req/s against 3 req/s per replica at 80 % utilization needs 4 replicas");
            sampler.Samples[^1].DesiredReplicas.Should().BeLessThan(peak, "the count steps down after the load stopped");
            events.Should().Contain(e => e.Reason == "Scaled");
        }
        finally
        {
            (await cluster.KubectlAsync("delete", "llm", Name, "-n", ns)).ExitCode.Should().Be(0);
        }
    }

    private static double OfferedRate(double seconds)
    {
        var start = 0.0;
        foreach (var phase in Phases)
        {
            if (seconds < start + phase.DurationSeconds)
            {
                return phase.RatePerSecond;
            }

            start += phase.DurationSeconds;
        }

        return 0;
    }
}
