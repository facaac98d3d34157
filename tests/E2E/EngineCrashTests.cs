using System.Net.Http.Json;
using k8s.Models;
using Sluice.E2E.Infrastructure;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.E2E;

/// <summary>An engine that dies with streams open: the clients see an error, the container restarts, SLO control goes on.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EngineCrashTests(ClusterFixture cluster)
{
    private const int Streams = 4;
    private const int StreamTokens = 1900;
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [ControlPlaneFact]
    public async Task An_engine_killed_mid_stream_fails_its_streams_restarts_and_stays_under_slo_control()
    {
        var ns = cluster.Namespace;
        var file = Path.Combine(cluster.Plane.Directory, "crash.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: sluice.dev/v1alpha1
            kind: LLMDeployment
            metadata: {name: crash}
            spec:
              model: {source: dummy://tiny}
              slo: {ttft: 60s, tpot: 10s, percentile: 95}
            """);
        (await cluster.KubectlAsync("apply", "-n", ns, "-f", file)).ExitCode.Should().Be(0);
        var pod = await Poll.ValueAsync(async () => await ReadyPodAsync(ns), Converge, "a Ready engine pod of crash", () => cluster.Operator.Tail());
        var engine = cluster.Simulator.EngineAddress(pod)!;

        using var http = new HttpClient { BaseAddress = engine, Timeout = TimeSpan.FromSeconds(60) };
        var streams = new List<(HttpResponseMessage Response, StreamReader Reader)>();
        for (var i = 0; i < Streams; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "v1/completions")
            {
                Content = JsonContent.Create(new { model = "tiny", prompt = $"crash {i}", max_tokens = StreamTokens, ignore_eos = true, stream = true }),
            };
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.IsSuccessStatusCode.Should().BeTrue();
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            (await reader.ReadLineAsync()).Should().StartWith("data: ", "the stream is under way before the crash");
            streams.Add((response, reader));
        }

        await cluster.Simulator.CrashAsync(pod);

        foreach (var (response, reader) in streams)
        {
            var (done, error) = await DrainAsync(reader);
            (done && error is null).Should().BeFalse("a stream cut by the crash never ends with [DONE]");
            response.Dispose();
        }

        await Poll.TrueAsync(async () => await ReadyPodAsync(ns) == pod && cluster.Simulator.EngineAddress(pod) is { } a && a != engine,
            Converge, "the same pod Ready again with a restarted engine", () => cluster.Operator.Tail());
        var restarted = (await cluster.Admin.GetAsync<V1Pod>(ResourceTypes.Pod, ns, pod)).Status!.ContainerStatuses!.Single().RestartCount;
        restarted.Should().Be(1);

        using var after = new HttpClient { BaseAddress = cluster.Simulator.EngineAddress(pod), Timeout = TimeSpan.FromSeconds(30) };
        using var load = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                using var r = await after.PostAsJsonAsync("v1/completions", new { model = "tiny", prompt = "after", max_tokens = 4 }, CancellationToken.None);
                r.IsSuccessStatusCode.Should().BeTrue("the restarted engine serves");
                await Task.Delay(200, CancellationToken.None);
            }
        });
        try
        {
            await Poll.TrueAsync(async () =>
            {
                var status = (await cluster.Admin.GetAsync<LLMDeployment>(EntityTypes.LLMDeployment, ns, "crash")).Status;
                return status?.Observed?.RequestRate > 0
                    && status.Conditions?.Any(c => c.Type == ConditionTypes.Degraded && c.Status == "False") == true
                    && status.Conditions.Any(c => c.Type == ConditionTypes.Ready && c.Status == "True");
            }, Converge, "status.observed from the restarted engine, Ready and not Degraded", () => cluster.Operator.Tail());
        }
        finally
        {
            await load.CancelAsync();
            await traffic;
        }

        (await cluster.KubectlAsync("delete", "llm", "crash", "-n", ns)).ExitCode.Should().Be(0);
    }

    private async Task<string?> ReadyPodAsync(string ns)
    {
        var pods = await cluster.Admin.ListAsync<V1Pod>(ResourceTypes.Pod, ns, new ListOptions { LabelSelector = "sluice.dev/llmdeployment=crash" });
        return pods.Items.FirstOrDefault(p => p.Metadata.DeletionTimestamp is null
            && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true
            && cluster.Simulator.EngineAddress(p.Metadata.Name!) is not null)?.Metadata.Name;
    }

    /// <summary>Reads a stream to its end: whether it ended with [DONE], and the error that cut it, if any.</summary>
    private static async Task<(bool Done, Exception? Error)> DrainAsync(StreamReader reader)
    {
        try
        {
            var done = false;
            while (await reader.ReadLineAsync() is { } line)
            {
                done |= line == "data: [DONE]";
            }

            return (done, null);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return (false, ex);
        }
    }
}
