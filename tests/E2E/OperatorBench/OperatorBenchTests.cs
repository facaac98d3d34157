using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.E2E.Infrastructure;
using Sluice.Entities.Resources;
using Sluice.Kubernetes.Client;

namespace Sluice.E2E.OperatorBench;

/// <summary>
/// The operator at scale on the real test control plane, as a benchmark (numbers written to a folder, not asserted): an
/// operator with the chart's settings (the default Lease timing; the chart's 8 workers unless <see cref="OperatorBenchFactAttribute.WorkersVariable"/>
/// says otherwise) and profiling on; 100 LLMDeployments applied at once (apply → children per
/// resource), 100 more (resident memory with 200), then 10 served ones sweep while spec edits of the 200 arrive
/// (queue wait and edit → observedGeneration). Reconcile and queue-wait quantiles come from the operator's own histograms.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OperatorBenchTests(ClusterFixture cluster)
{
    private const int Batch = 100;
    private const int Sweeping = 10;
    private const int Edits = 40;
    private static readonly TimeSpan Converge = TimeSpan.FromMinutes(3);

    [OperatorBenchFact]
    public async Task Apply_reconcile_memory_and_queue_wait_with_two_hundred_llm_deployments()
    {
        var directory = Environment.GetEnvironmentVariable(OperatorBenchFactAttribute.DirectoryVariable)!;
        var workers = int.Parse(Environment.GetEnvironmentVariable(OperatorBenchFactAttribute.WorkersVariable) ?? "8", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(directory);
        cluster.Operator.Kill();
        var op = await cluster.StartOperatorAsync("sluice-bench-0", new Dictionary<string, string>
        {
            ["SLUICE_Sluice__Workers"] = workers.ToString(CultureInfo.InvariantCulture),
            ["SLUICE_Sluice__SloProfilingSeconds"] = "20",
            ["SLUICE_Sluice__SloPeriodSeconds"] = "5",
            // The chart's default Lease timing: the fixture's 6 s lease is lost under this benchmark's load on two cores.
            ["SLUICE_Sluice__LeaderElection__LeaseDurationSeconds"] = "15",
            ["SLUICE_Sluice__LeaderElection__RenewDeadlineSeconds"] = "10",
            ["SLUICE_Sluice__LeaderElection__RetryPeriodSeconds"] = "2",
        });
        try
        {
            var results = await RunAsync(op);
            results["operatorWorkers"] = workers;
            var json = results.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            await File.WriteAllTextAsync(Path.Combine(directory, $"operator-bench-workers{workers}.json"), json);
            ((double)results["applyFirst100"]!["childrenCompleteShare"]!).Should().Be(1, "every applied resource got its children");
        }
        finally
        {
            await File.WriteAllTextAsync(Path.Combine(directory, $"operator-bench-workers{workers}.log"), op.Tail(500));
            op.Kill();
            await op.DisposeAsync();
            await cluster.RestartOperatorAsync("sluice-e2e-after-bench");
        }
    }

    private async Task<JsonObject> RunAsync(OperatorProcess op)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Poll.TrueAsync(async () => (await http.GetStringAsync(new Uri(op.HttpAddress, "metrics"))).Contains("sluice_operator_leader 1", StringComparison.Ordinal),
            Converge, "the benchmark operator leading", () => op.Tail());
        var ns = "opbench-" + Guid.NewGuid().ToString("N")[..6];
        (await cluster.KubectlAsync("create", "namespace", ns)).ExitCode.Should().Be(0);
        var idle = await OperatorScrape.ReadAsync(http, op);

        var first = Enumerable.Range(0, Batch).Select(i => $"llm-{i:000}").ToList();
        var (applySeconds, children) = await ApplyAsync(ns, first);
        var afterFirst = await SettleAsync(http, op);
        var second = Enumerable.Range(Batch, Batch).Select(i => $"llm-{i:000}").ToList();
        var (applySecondSeconds, childrenSecond) = await ApplyAsync(ns, second);
        var with200 = await SettleAsync(http, op);

        var served = Enumerable.Range(0, Sweeping).Select(i => $"sweep-{i}").ToList();
        var beforeSweeps = await OperatorScrape.ReadAsync(http, op);
        await ApplyServedAsync(served);
        var editLatencies = await EditWhileSweepingAsync(ns, [.. first, .. second]);
        var afterSweeps = await OperatorScrape.ReadAsync(http, op);
        var profiled = 0;
        foreach (var name in served)
        {
            profiled += (await cluster.Admin.GetAsync<LLMDeployment>(EntityTypes.LLMDeployment, cluster.Namespace, name)).Status?.Tuning?.ProfiledGeneration is null ? 0 : 1;
        }

        (await cluster.KubectlAsync(["delete", "llm", "-n", cluster.Namespace, "--wait=false", .. served])).ExitCode.Should().Be(0);
        (await cluster.KubectlAsync("delete", "namespace", ns, "--wait=false")).ExitCode.Should().Be(0);

        var firstReconciles = afterFirst.ReconcileSeconds.Minus(idle.ReconcileSeconds);
        var sweepWaits = afterSweeps.QueueWaitSeconds.Minus(beforeSweeps.QueueWaitSeconds);
        return new JsonObject
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["applyFirst100"] = Summary(applySeconds, children),
            ["applySecond100"] = Summary(applySecondSeconds, childrenSecond),
            ["reconcileSecondsFirst100"] = Quantiles(firstReconciles),
            ["reconcileSecondsAll"] = Quantiles(with200.ReconcileSeconds),
            ["queueWaitSecondsFirst100"] = Quantiles(afterFirst.QueueWaitSeconds.Minus(idle.QueueWaitSeconds)),
            ["residentMiBIdle"] = idle.ResidentBytes / 1048576.0,
            ["residentMiBWith200"] = with200.ResidentBytes / 1048576.0,
            ["managedHeapMiBWith200"] = with200.ManagedHeapBytes / 1048576.0,
            ["whileSweeping"] = new JsonObject
            {
                ["servedDeployments"] = Sweeping,
                ["sweepsFinishedByTheEnd"] = profiled,
                ["specEdits"] = Edits,
                ["editToObservedGenerationSeconds"] = Stats(editLatencies),
                ["queueWaitSeconds"] = Quantiles(sweepWaits),
                ["reconcileSeconds"] = Quantiles(afterSweeps.ReconcileSeconds.Minus(beforeSweeps.ReconcileSeconds)),
            },
        };
    }

    private async Task<(double ApplySeconds, Dictionary<string, double> Children)> ApplyAsync(string ns, List<string> names)
    {
        var file = Path.Combine(cluster.Plane.Directory, $"opbench-{names[0]}.yaml");
        await File.WriteAllTextAsync(file, string.Join("---\n", names.Select(n =>
            $"apiVersion: sluice.dev/v1alpha1\nkind: LLMDeployment\nmetadata: {{name: {n}}}\nspec:\n  model: {{source: dummy://tiny}}\n  slo: {{ttft: 2s, tpot: 100ms}}\n")));
        await using var children = ChildrenWatch.Start(cluster.Admin, ns);
        var started = DateTime.UtcNow;
        (await cluster.KubectlAsync("apply", "-n", ns, "-f", file)).ExitCode.Should().Be(0);
        var applied = DateTime.UtcNow;
        return ((applied - started).TotalSeconds, await children.WaitAsync(names, applied, Converge));
    }

    private async Task ApplyServedAsync(IReadOnlyList<string> names)
    {
        var file = Path.Combine(cluster.Plane.Directory, "opbench-served.yaml");
        await File.WriteAllTextAsync(file, string.Join("---\n", names.Select(n =>
            $"apiVersion: sluice.dev/v1alpha1\nkind: LLMDeployment\nmetadata: {{name: {n}}}\nspec:\n  model: {{source: dummy://tiny}}\n  slo: {{ttft: 60s, tpot: 10s}}\n  workload: {{inputTokens: 8, outputTokens: 8}}\n")));
        (await cluster.KubectlAsync("apply", "-n", cluster.Namespace, "-f", file)).ExitCode.Should().Be(0);
        await Poll.TrueAsync(() => Task.FromResult(names.All(n => cluster.Simulator.RunningPods.Any(p => p.StartsWith(n + "-", StringComparison.Ordinal)))),
            Converge, "an engine for every served deployment");
    }

    /// <summary>Spec edits spread over the sweeps (two a second); each one's time until status.observedGeneration reaches it.</summary>
    private async Task<List<double>> EditWhileSweepingAsync(string ns, IReadOnlyList<string> names)
    {
        var pending = new List<Task<double>>();
        for (var i = 0; i < Edits; i++)
        {
            var name = names[i * 5 % names.Count];
            pending.Add(EditAndWaitAsync(ns, name, 200 + i));
            await Task.Delay(500);
        }

        return [.. await Task.WhenAll(pending)];
    }

    private async Task<double> EditAndWaitAsync(string ns, string name, int outputTokens)
    {
        var patch = new JsonObject { ["spec"] = new JsonObject { ["workload"] = new JsonObject { ["outputTokens"] = outputTokens } } };
        var started = DateTime.UtcNow;
        var edited = await cluster.Admin.PatchAsync<LLMDeployment>(EntityTypes.LLMDeployment, ns, name, patch, PatchType.Merge);
        await Poll.TrueAsync(async () => (await cluster.Admin.GetAsync<LLMDeployment>(EntityTypes.LLMDeployment, ns, name)).Status?.ObservedGeneration >= edited.Metadata.Generation,
            Converge, $"{name} observing generation {edited.Metadata.Generation}");
        return (DateTime.UtcNow - started).TotalSeconds;
    }

    /// <summary>Waits until the work queue stays empty for two scrapes a second apart, then returns the last scrape.</summary>
    private static async Task<OperatorScrape> SettleAsync(HttpClient http, OperatorProcess op)
    {
        var quiet = 0;
        var deadline = DateTime.UtcNow + Converge;
        OperatorScrape scrape;
        do
        {
            await Task.Delay(1000);
            scrape = await OperatorScrape.ReadAsync(http, op);
            quiet = scrape.QueueDepth == 0 ? quiet + 1 : 0;
        }
        while (quiet < 2 && DateTime.UtcNow < deadline);
        return scrape;
    }

    private static JsonObject Summary(double applySeconds, Dictionary<string, double> children)
    {
        var complete = children.Values.Where(v => !double.IsNaN(v)).ToList();
        var summary = Stats(complete);
        summary["kubectlApplySeconds"] = applySeconds;
        summary["childrenCompleteShare"] = complete.Count / (double)children.Count;
        return summary;
    }

    private static JsonObject Stats(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        double? At(double q) => sorted.Length == 0 ? null : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new JsonObject { ["count"] = sorted.Length, ["p50"] = At(0.5), ["p95"] = At(0.95), ["max"] = At(1) };
    }

    private static JsonObject Quantiles(Controllers.Metrics.Histogram histogram) => new()
    {
        ["count"] = histogram.Count,
        ["mean"] = histogram.Count == 0 ? null : histogram.Sum / histogram.Count,
        ["p50"] = histogram.Quantile(0.5),
        ["p95"] = histogram.Quantile(0.95),
    };
}
