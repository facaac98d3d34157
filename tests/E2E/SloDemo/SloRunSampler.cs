using System.Diagnostics;
using k8s.Models;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Metrics;
using Sluice.E2E.Infrastructure;
using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;

namespace Sluice.E2E.SloDemo;

/// <summary>
/// Samples one LLMDeployment once per interval: the Deployment's replica count, status.observed and status.tuning, and
/// the Ready engines' /metrics through the operator's own <see cref="MetricsWindow"/> over the 20 s control window.
/// </summary>
public sealed class SloRunSampler(IKubernetesClient client, NodeSimulator simulator, string @namespace, string name, double percentile, Func<double, double> offeredRate)
{
    private static readonly TimeSpan ControlWindow = TimeSpan.FromSeconds(20);
    private readonly MetricsWindow _window = new(ControlWindow);
    private readonly List<SloRunSample> _samples = [];

    public IReadOnlyList<SloRunSample> Samples => _samples;

    /// <summary>Samples every <paramref name="interval"/> until <paramref name="duration"/> has passed.</summary>
    public async Task RunAsync(TimeSpan interval, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var scraper = new EngineMetricsScraper(http);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var next = clock.Elapsed + interval;
            await SampleAsync(scraper, clock.Elapsed.TotalSeconds, cancellationToken);
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
        }
    }

    private async Task SampleAsync(EngineMetricsScraper scraper, double seconds, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var engines = await simulator.ResolveAllAsync(name);
        foreach (var engine in engines)
        {
            try
            {
                _window.Add(engine.ToString(), await scraper.ScrapeAsync(engine, now, cancellationToken));
            }
            catch (EngineApiException)
            {
                // An engine that is just going away: its pod leaves the window below.
            }
        }

        _window.RetainPods(engines.Select(e => e.ToString()).ToHashSet(StringComparer.Ordinal));
        var recent = _window.Observe(now);
        var quantile = percentile / 100;
        LLMDeploymentStatus? status = null;
        int? replicas = null;
        try
        {
            status = (await client.GetAsync<LLMDeployment>(EntityTypes.LLMDeployment, @namespace, name, cancellationToken)).Status;
            replicas = (await client.GetAsync<V1Deployment>(ResourceTypes.Deployment, @namespace, name, cancellationToken)).Spec?.Replicas;
        }
        catch (KubernetesApiException)
        {
            // A slow API server on a loaded machine: keep the sample with what the engines said.
        }

        _samples.Add(new SloRunSample(
            Math.Round(seconds, 2),
            offeredRate(seconds),
            replicas,
            engines.Count,
            recent?.DemandRatePerSecond,
            recent?.RejectedRatePerSecond,
            recent?.Ttft.Quantile(quantile),
            recent?.Tpot.Quantile(quantile),
            status?.Observed?.RequestRate,
            status?.Observed?.TtftSeconds,
            status?.Observed?.TpotSeconds,
            status?.Tuning?.MaxBatchSize,
            status?.Tuning?.MaxRequestRate));
    }
}
