using System.Text;
using Prometheus;
using Sluice.Contracts.Metrics;
using Defs = Sluice.Contracts.Metrics.EngineMetricDefinitions;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>
/// The admission proxy's own lines as <c>sluice-engine proxy</c> writes them (its ProxyMetrics): the contract's definitions
/// in a prometheus-net registry, the request counter and the TTFT histogram appearing at their first sample, the levers in
/// force as gauges (rate 0 = unlimited, SLO limits 0 = none).
/// </summary>
internal sealed class FakeProxyMetrics
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Counter _requests;
    private readonly Histogram _ttft;
    private readonly Gauge _inFlight;
    private readonly Gauge _batch;
    private readonly Gauge _rate;
    private readonly Gauge _sloTtft;
    private readonly Gauge _sloTpot;

    public FakeProxyMetrics()
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        _requests = factory.CreateCounter(Defs.RequestsTotal.Name, Defs.RequestsTotal.Help, [.. Defs.RequestsTotal.LabelNames], new CounterConfiguration { SuppressInitialValue = true });
        _ttft = factory.CreateHistogram(Defs.TimeToFirstTokenSeconds.Name, Defs.TimeToFirstTokenSeconds.Help, [],
            new HistogramConfiguration { Buckets = [.. Defs.TimeToFirstTokenSeconds.Buckets], SuppressInitialValue = true });
        _inFlight = Gauge(factory, Defs.RequestsRunning);
        _batch = Gauge(factory, Defs.ConfigMaxBatchSize);
        _rate = Gauge(factory, Defs.ConfigMaxRequestRate);
        _sloTtft = Gauge(factory, Defs.ConfigSloTtftSeconds);
        _sloTpot = Gauge(factory, Defs.ConfigSloTpotSeconds);
    }

    /// <summary>Counts <paramref name="count"/> requests that ended with <paramref name="outcome"/> (<see cref="RequestOutcomes"/>).</summary>
    public void Count(string outcome, long count)
    {
        if (count > 0)
        {
            _requests.WithLabels(outcome).Inc(count);
        }
    }

    /// <summary>Times <paramref name="count"/> streamed requests' first chunk at <paramref name="seconds"/>.</summary>
    public void ObserveTtft(double seconds, long count)
    {
        if (count > 0)
        {
            _ttft.Observe(seconds, count);
        }
    }

    /// <summary>Sets the gauges: requests in flight to the runtime and the levers in force.</summary>
    public void Set(double inFlight, int batchLimit, double? maxRequestRate, double? sloTtftSeconds, double? sloTpotSeconds)
    {
        _inFlight.Set(inFlight);
        _batch.Set(batchLimit);
        _rate.Set(maxRequestRate ?? 0);
        _sloTtft.Set(sloTtftSeconds ?? 0);
        _sloTpot.Set(sloTpotSeconds ?? 0);
    }

    /// <summary>The lines in the text format 0.0.4.</summary>
    public async Task<string> TextAsync()
    {
        using var page = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(page);
        return Encoding.UTF8.GetString(page.ToArray());
    }

    private static Gauge Gauge(MetricFactory factory, MetricDefinition metric) => factory.CreateGauge(metric.Name, metric.Help, [.. metric.LabelNames]);
}
