using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.Bench.Charts;

namespace Sluice.E2E.SloDemo;

/// <summary>Writes a <see cref="SloRunRecording"/> as <c>slo-run.json</c> (everything), <c>slo-run.csv</c> (the samples) and <c>slo-run.svg</c> (the plot).</summary>
public static class SloRunFiles
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes the three files into <paramref name="directory"/> (created if missing); returns their paths.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(string directory, SloRunRecording recording)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "slo-run.json");
        var csv = Path.Combine(directory, "slo-run.csv");
        var svg = Path.Combine(directory, "slo-run.svg");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(recording, Json) + "\n");
        await File.WriteAllTextAsync(csv, Csv(recording.Samples));
        await File.WriteAllTextAsync(svg, SvgTimeSeriesWriter.Render(Chart(recording)));
        return [json, csv, svg];
    }

    /// <summary>The samples as CSV, one row per sample, seconds and requests per second, empty where unknown.</summary>
    public static string Csv(IReadOnlyList<SloRunSample> samples)
    {
        var text = new StringBuilder("time_s,offered_rps,desired_replicas,ready_replicas,window_demand_rps,window_rejected_rps,window_ttft_s,window_tpot_s," +
                                     "status_request_rate_rps,status_ttft_s,status_tpot_s,max_batch_size,max_request_rate_rps\n");
        foreach (var s in samples)
        {
            text.AppendJoin(',', [
                F(s.TimeSeconds), F(s.OfferedRatePerSecond), F(s.DesiredReplicas), F(s.ReadyReplicas), F(s.WindowDemandRatePerSecond),
                F(s.WindowRejectedRatePerSecond), F(s.WindowTtftSeconds), F(s.WindowTpotSeconds), F(s.StatusRequestRatePerSecond),
                F(s.StatusTtftSeconds), F(s.StatusTpotSeconds), F(s.MaxBatchSize), F(s.MaxRequestRatePerSecond)]).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The plot: replicas, request rate, TTFT and TPOT against their limits, and the tuned max batch size over time.</summary>
    public static TimeSeriesChart Chart(SloRunRecording recording)
    {
        var samples = recording.Samples;
        static double Ms(double? seconds) => seconds is { } s ? s * 1000 : double.NaN;
        ChartSeries Series(string name, Func<SloRunSample, double> y) => new(name, [.. samples.Select(s => new ChartPoint(s.TimeSeconds, y(s)))]);
        var p = recording.Percentile.ToString("0.#", CultureInfo.InvariantCulture);
        var stopAt = recording.Phases.TakeWhile(ph => ph.RatePerSecond > 0).Sum(ph => ph.DurationSeconds);
        var steps = recording.Phases.Select((ph, i) => (Start: recording.Phases.Take(i).Sum(x => x.DurationSeconds), ph.RatePerSecond))
            .Where(x => x.RatePerSecond > 0 && x.Start > 0)
            .Select(x => new TimeMarker(x.Start, $"{x.RatePerSecond.ToString("0.#", CultureInfo.InvariantCulture)} req/s"));
        return new TimeSeriesChart
        {
            Title = "SLO control on the test control plane: CPU engines, load steps up then stops",
            XLabel = "time since the load started (s)",
            Markers = [.. steps, new TimeMarker(stopAt, "load stopped")],
            Panels =
            [
                new TimeSeriesPanel
                {
                    YLabel = "replicas",
                    Stepped = true,
                    Series = [Series("Deployment replicas", s => s.DesiredReplicas ?? double.NaN), Series("Ready engines", s => s.ReadyReplicas)],
                },
                new TimeSeriesPanel
                {
                    YLabel = "requests/s",
                    Series = [Series("offered", s => s.OfferedRatePerSecond), Series("demand (20 s window)", s => s.WindowDemandRatePerSecond ?? double.NaN),
                        Series("refused 429 (20 s)", s => s.WindowRejectedRatePerSecond ?? double.NaN)],
                },
                new TimeSeriesPanel
                {
                    YLabel = $"TTFT p{p} (ms)",
                    Series = [Series("20 s window", s => Ms(s.WindowTtftSeconds)), Series("status (60 s)", s => Ms(s.StatusTtftSeconds))],
                    References = [new ReferenceLine(recording.TtftLimitSeconds * 1000, $"limit {Ms(recording.TtftLimitSeconds).ToString("0.#", CultureInfo.InvariantCulture)} ms")],
                },
                new TimeSeriesPanel
                {
                    YLabel = $"TPOT p{p} (ms)",
                    Series = [Series("20 s window", s => Ms(s.WindowTpotSeconds)), Series("status (60 s)", s => Ms(s.StatusTpotSeconds))],
                    References = [new ReferenceLine(recording.TpotLimitSeconds * 1000, $"limit {Ms(recording.TpotLimitSeconds).ToString("0.#", CultureInfo.InvariantCulture)} ms")],
                },
                new TimeSeriesPanel { YLabel = "maxBatchSize", Stepped = true, Series = [Series("tuned maxBatchSize", s => s.MaxBatchSize ?? double.NaN)] },
            ],
        };
    }

    private static string F(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 6).ToString(CultureInfo.InvariantCulture) : string.Empty;
}
