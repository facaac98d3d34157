using Prometheus;
using Sluice.Contracts.Metrics;
using Sluice.Engine.Engine;
using Defs = Sluice.Contracts.Metrics.EngineMetricDefinitions;

namespace Sluice.Engine.Proxy;

/// <summary>
/// The proxy's own metrics, named by the engine contract (src/Contracts) so the operator reads them as it reads the engine's:
/// <c>sluice_requests_total{outcome}</c> for every request it saw, <c>sluice_requests_running</c> (in flight to the runtime),
/// <c>sluice_time_to_first_token_seconds</c> (first streamed chunk, streamed requests only), and the levers in force
/// (<c>sluice_config_max_batch_size</c>: the runtime's start-time limit; <c>sluice_config_max_request_rate</c>, 0 = unlimited).
/// </summary>
public sealed class ProxyMetrics
{
    private readonly Counter _requests;
    private readonly Gauge _inFlight;

    public ProxyMetrics(LiveConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _requests = factory.CreateCounter(Defs.RequestsTotal);
        _inFlight = factory.CreateGauge(Defs.RequestsRunning);
        TimeToFirstTokenSeconds = factory.CreateHistogram(Defs.TimeToFirstTokenSeconds);
        var maxBatchSize = factory.CreateGauge(Defs.ConfigMaxBatchSize);
        var maxRequestRate = factory.CreateGauge(Defs.ConfigMaxRequestRate);
        var sloTtft = factory.CreateGauge(Defs.ConfigSloTtftSeconds);
        var sloTpot = factory.CreateGauge(Defs.ConfigSloTpotSeconds);
        Registry.AddBeforeCollectCallback(() =>
        {
            var now = config.Current;
            maxBatchSize.Set(now.MaxBatchSize);
            maxRequestRate.Set(now.MaxRequestRate ?? 0d);
            sloTtft.Set(now.SloTtftSeconds ?? 0d);
            sloTpot.Set(now.SloTpotSeconds ?? 0d);
        });
    }

    /// <summary>The registry the proxy's /metrics writes before the runtime's page.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Time from a streamed request's arrival to the first chunk of its response body.</summary>
    public Histogram TimeToFirstTokenSeconds { get; }

    /// <summary>Counts one request with a <see cref="RequestOutcomes"/> value.</summary>
    public void CountRequest(string outcome) => _requests.WithLabels(outcome).Inc();

    /// <summary>Marks one request in flight to the runtime until the returned scope is disposed.</summary>
    public IDisposable TrackInFlight() => _inFlight.TrackInProgress();
}
