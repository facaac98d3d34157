using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Bench.Charts;
using Sluice.Controllers.Slo;

namespace Sluice.Operator.Cli.Tune;

/// <summary>
/// Writes a <see cref="TuneRecording"/> as <c>tune.json</c> (settings, profile curve, every sample, whole-load totals),
/// <c>tune.csv</c> (one row per period; seconds, requests per second, tokens per second, fractions 0..1; empty where unknown)
/// and <c>tune.svg</c> (levers, TTFT and TPOT percentiles against their limits, throughput and goodput, attainment over time).
/// </summary>
public static class TuneFiles
{
    private const string CsvHeader = "time_s,max_batch_size,max_request_rate_rps,op_ttft_s,op_tpot_s,op_demand_rps,op_tokens_per_s,op_attainment,op_attainment_exact," +
                                     "client_requests,client_finished,client_refused_429,client_ttft_s,client_tpot_s,client_attainment_finished,client_attainment_offered," +
                                     "client_tokens_per_s,client_goodput_tokens_per_s,scale_to";

    /// <summary>Writes the three files into <paramref name="directory"/> (created if missing); returns their paths.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(string directory, TuneRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "tune.json");
        var csv = Path.Combine(directory, "tune.csv");
        var svg = Path.Combine(directory, "tune.svg");
        await File.WriteAllTextAsync(json, Json(recording).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        await File.WriteAllTextAsync(csv, Csv(recording.Samples));
        await File.WriteAllTextAsync(svg, SvgTimeSeriesWriter.Render(Chart(recording)));
        return [json, csv, svg];
    }

    /// <summary>The samples as CSV text with a header row.</summary>
    public static string Csv(IReadOnlyList<TuneSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var text = new StringBuilder(CsvHeader).Append('\n');
        foreach (var s in samples)
        {
            var o = s.Operator;
            var c = s.Client;
            text.AppendJoin(',', [
                F(s.TimeSeconds), F(s.Point.MaxBatchSize), F(s.Point.MaxRequestRatePerSecond), F(o?.TtftSeconds), F(o?.TpotSeconds), F(o?.RequestRatePerSecond),
                F(o?.TokensPerSecond), F(o?.SloAttainment), o is null ? string.Empty : o.SloAttainmentExact ? "1" : "0", F(c.Requests), F(c.Finished), F(c.Refused),
                F(c.TtftSeconds), F(c.TpotSeconds), F(c.AttainmentOfFinished), F(c.AttainmentOfOffered), F(c.OutputTokensPerSecond), F(c.GoodputTokensPerSecond), F(s.ScaleTo)]).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The whole recording as one JSON object.</summary>
    public static JsonObject Json(TuneRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var o = recording.Options;
        return new JsonObject
        {
            ["engine"] = o.Engine.ToString(),
            ["engines"] = new JsonArray([.. o.Engines.Select(e => (JsonNode)JsonValue.Create(e.ToString()))]),
            ["step"] = o.Step?.ToString(),
            ["profiledRatePerReplica"] = recording.ProfiledRatePerReplica,
            ["stepClient"] = recording.StepClient is { } sc ? Client(sc) : null,
            ["stepScaleUpSeconds"] = recording.StepScaleUpSeconds,
            ["stepScaleDownSeconds"] = recording.StepScaleDownSeconds,
            ["model"] = recording.Model,
            ["slo"] = new JsonObject { ["ttftSeconds"] = o.TtftSeconds, ["tpotSeconds"] = o.TpotSeconds, ["percentile"] = o.Percentile },
            ["workload"] = new JsonObject { ["inputTokens"] = o.InputTokens, ["outputTokens"] = o.OutputTokens },
            ["load"] = o.Load.ToString(),
            ["fixedBatchSize"] = o.FixedBatchSize,
            ["fixedRate"] = o.FixedRatePerSecond,
            ["durationSeconds"] = o.DurationSeconds,
            ["periodSeconds"] = o.PeriodSeconds,
            ["windowSeconds"] = o.WindowSeconds,
            ["profileSeconds"] = Math.Round(recording.ProfileSeconds, 2),
            ["profile"] = recording.Profile is { } p ? new JsonObject
            {
                ["chosen"] = Point(p.Chosen),
                ["meetsSlo"] = p.MeetsSlo,
                ["curve"] = new JsonArray([.. p.Curve.Select(c => (JsonNode)new JsonObject
                {
                    ["maxBatchSize"] = c.MaxBatchSize, ["requestRate"] = c.RequestRatePerSecond, ["ttftSeconds"] = c.TtftSeconds,
                    ["tpotSeconds"] = c.TpotSeconds, ["outputTokensPerSecond"] = c.OutputTokensPerSecond,
                })]),
            } : null,
            ["settledAtSeconds"] = recording.SettledAtSeconds,
            ["final"] = recording.Samples.Count > 0 ? Point(recording.Samples[^1].Point) : null,
            ["whole"] = Client(recording.Whole),
            ["samples"] = new JsonArray([.. recording.Samples.Select(s => (JsonNode)new JsonObject
            {
                ["timeSeconds"] = s.TimeSeconds,
                ["point"] = Point(s.Point),
                ["operator"] = s.Operator is { } ob ? new JsonObject
                {
                    ["ttftSeconds"] = ob.TtftSeconds, ["tpotSeconds"] = ob.TpotSeconds, ["requestRate"] = ob.RequestRatePerSecond, ["tokensPerSecond"] = ob.TokensPerSecond,
                    ["sloAttainment"] = ob.SloAttainment, ["sloAttainmentExact"] = ob.SloAttainmentExact, ["queue"] = ob.Queue,
                } : null,
                ["client"] = Client(s.Client),
                ["reasons"] = new JsonArray([.. s.Reasons.Select(r => (JsonNode)JsonValue.Create(r))]),
                ["scaleTo"] = s.ScaleTo,
            })]),
        };
    }

    /// <summary>The chart: levers, TTFT and TPOT (operator and client) against the limits, tokens per second, attainment in percent.</summary>
    public static TimeSeriesChart Chart(TuneRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var samples = recording.Samples;
        var o = recording.Options;
        ChartSeries Series(string name, Func<TuneSample, double?> y) => new(name, [.. samples.Select(s => new ChartPoint(s.TimeSeconds, y(s) ?? double.NaN))]);
        static double? Ms(double? seconds) => seconds * 1000;
        var p = o.Percentile.ToString("0.#", CultureInfo.InvariantCulture);
        var window = o.WindowSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        return new TimeSeriesChart
        {
            Title = $"tune: {recording.Model}, {o.InputTokens}→{o.OutputTokens} tokens, load {o.Load}",
            XLabel = $"time since the load started (s); operator and client over the same {window} s window",
            Panels =
            [
                new TimeSeriesPanel { YLabel = "maxBatchSize", Stepped = true, Series = [Series("maxBatchSize", s => s.Point.MaxBatchSize)] },
                new TimeSeriesPanel { YLabel = "req/s", Stepped = false, Series = [Series("maxRequestRate", s => s.Point.MaxRequestRatePerSecond),
                    Series("demand (operator)", s => s.Operator?.RequestRatePerSecond)] },
                new TimeSeriesPanel
                {
                    YLabel = $"TTFT p{p} (ms)", Series = [Series("operator", s => Ms(s.Operator?.TtftSeconds)), Series("client", s => Ms(s.Client.TtftSeconds))],
                    References = [new ReferenceLine(o.TtftSeconds * 1000, $"limit {(o.TtftSeconds * 1000).ToString("0.#", CultureInfo.InvariantCulture)} ms")],
                },
                new TimeSeriesPanel
                {
                    YLabel = $"TPOT p{p} (ms)", Series = [Series("operator", s => Ms(s.Operator?.TpotSeconds)), Series("client", s => Ms(s.Client.TpotSeconds))],
                    References = [new ReferenceLine(o.TpotSeconds * 1000, $"limit {(o.TpotSeconds * 1000).ToString("0.#", CultureInfo.InvariantCulture)} ms")],
                },
                new TimeSeriesPanel { YLabel = "output tok/s", Series = [Series("operator", s => s.Operator?.TokensPerSecond),
                    Series("client", s => s.Client.OutputTokensPerSecond), Series("client goodput", s => s.Client.GoodputTokensPerSecond)] },
                new TimeSeriesPanel { YLabel = "attainment (%)", Series = [Series("operator (engine count)", s => s.Operator?.SloAttainment * 100),
                    Series("client, of finished", s => s.Client.AttainmentOfFinished * 100), Series("client, of offered", s => s.Client.AttainmentOfOffered * 100)] },
            ],
        };
    }

    private static JsonObject Point(TuningPoint point) => new() { ["maxBatchSize"] = point.MaxBatchSize, ["maxRequestRate"] = point.MaxRequestRatePerSecond };

    private static JsonObject Client(ClientWindow c) => new()
    {
        ["requests"] = c.Requests,
        ["finished"] = c.Finished,
        ["refused429"] = c.Refused,
        ["ttftSeconds"] = c.TtftSeconds,
        ["tpotSeconds"] = c.TpotSeconds,
        ["attainmentOfFinished"] = c.AttainmentOfFinished,
        ["attainmentOfOffered"] = c.AttainmentOfOffered,
        ["outputTokensPerSecond"] = c.OutputTokensPerSecond,
        ["goodputTokensPerSecond"] = c.GoodputTokensPerSecond,
    };

    private static string F(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 6).ToString(CultureInfo.InvariantCulture) : string.Empty;
}
