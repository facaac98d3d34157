using System.Globalization;
using System.Text;
using Sluice.Contracts.Metrics;
using Defs = Sluice.Contracts.Metrics.EngineMetricDefinitions;

namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// What a <see cref="SimulatedEngine"/> counts and exports at /metrics, in the engine's wire contract (names and buckets of
/// <see cref="EngineMetricDefinitions"/>): the TTFT histogram (observed at the first token, as the engine does), the TPOT
/// histogram of finished requests, requests by outcome, generated
/// tokens, the requests judged against the pushed SLO limits and those within both, and the gauges.
/// </summary>
internal sealed class SimulatedEngineMetrics
{
    private readonly double[] _ttftBuckets = new double[MetricBuckets.LatencySeconds.Count];
    private readonly double[] _tpotBuckets = new double[MetricBuckets.TokenSeconds.Count];
    private double _ttftSum;
    private double _ttftCount;
    private double _tpotSum;
    private double _tpotCount;
    private double _judged;
    private double _within;

    public double Finished { get; private set; }

    public double Rejected { get; private set; }

    public double GeneratedTokens { get; set; }

    /// <summary>Counts a request refused by the rate lever.</summary>
    public void Refused() => Rejected++;

    /// <summary>Observes a request's TTFT when its first token was sampled.</summary>
    public void FirstToken(SimulatedRequest request)
    {
        _ttftSum += request.TtftSeconds;
        _ttftCount++;
        Count(_ttftBuckets, MetricBuckets.LatencySeconds, request.TtftSeconds);
    }

    /// <summary>Counts a finished request and, when a limit is set, judges it against the limits in force.</summary>
    public void Observe(SimulatedRequest request, double? sloTtftSeconds, double? sloTpotSeconds)
    {
        Finished++;
        var ttft = request.TtftSeconds;
        if (request.TpotSeconds is { } tpot)
        {
            _tpotSum += tpot;
            _tpotCount++;
            Count(_tpotBuckets, MetricBuckets.TokenSeconds, tpot);
        }

        if (sloTtftSeconds is not null || sloTpotSeconds is not null)
        {
            _judged++;
            var within = ttft <= (sloTtftSeconds ?? double.MaxValue) && (request.TpotSeconds is not { } t || t <= (sloTpotSeconds ?? double.MaxValue));
            _within += within ? 1 : 0;
        }
    }

    /// <summary>The Prometheus text page with the engine's current levers and gauges.</summary>
    public string Exposition(SimulatedEngine engine)
    {
        var page = new StringBuilder();
        Histogram(page, Defs.TimeToFirstTokenSeconds, MetricBuckets.LatencySeconds, _ttftBuckets, _ttftSum, _ttftCount);
        Histogram(page, Defs.TimePerOutputTokenSeconds, MetricBuckets.TokenSeconds, _tpotBuckets, _tpotSum, _tpotCount);
        Line(page, $"{Defs.RequestsTotal.Name}{{outcome=\"{RequestOutcomes.Finished}\"}}", Finished);
        Line(page, $"{Defs.RequestsTotal.Name}{{outcome=\"{RequestOutcomes.RejectedRate}\"}}", Rejected);
        Line(page, Defs.GenerationTokensTotal.Name, GeneratedTokens);
        Line(page, Defs.RequestsRunning.Name, engine.Running);
        Line(page, Defs.RequestsWaiting.Name, engine.Waiting);
        Line(page, Defs.KvCacheUsageRatio.Name, engine.KvUsageRatio);
        Line(page, Defs.KvCacheCapacityTokens.Name, engine.KvCapacityTokens);
        Line(page, Defs.ConfigMaxBatchSize.Name, engine.MaxBatchSize);
        Line(page, Defs.ConfigMaxRequestRate.Name, engine.MaxRequestRate ?? 0);
        Line(page, Defs.ConfigMaxBatchedTokens.Name, engine.MaxBatchedTokens);
        Line(page, Defs.ConfigSloTtftSeconds.Name, engine.SloTtftSeconds ?? 0);
        Line(page, Defs.ConfigSloTpotSeconds.Name, engine.SloTpotSeconds ?? 0);
        if (engine.SloTtftSeconds is not null || engine.SloTpotSeconds is not null)
        {
            Line(page, Defs.RequestsSloJudgedTotal.Name, _judged);
            Line(page, Defs.RequestsWithinSloTotal.Name, _within);
        }

        return page.ToString();
    }

    private static void Count(double[] counts, IReadOnlyList<double> bounds, double value)
    {
        for (var i = 0; i < bounds.Count; i++)
        {
            counts[i] += value <= bounds[i] ? 1 : 0;
        }
    }

    private static void Histogram(StringBuilder page, MetricDefinition metric, IReadOnlyList<double> bounds, double[] counts, double sum, double count)
    {
        for (var i = 0; i < bounds.Count; i++)
        {
            Line(page, $"{metric.BucketName}{{le=\"{bounds[i].ToString(CultureInfo.InvariantCulture)}\"}}", counts[i]);
        }

        Line(page, $"{metric.BucketName}{{le=\"+Inf\"}}", count);
        Line(page, metric.SumName, sum);
        Line(page, metric.CountName, count);
    }

    private static void Line(StringBuilder page, string series, double value) =>
        page.Append(series).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
}
