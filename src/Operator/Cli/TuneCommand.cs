using System.CommandLine;
using System.Globalization;
using Sluice.Controllers.EngineApi;
using Sluice.Operator.Cli.Tune;

namespace Sluice.Operator.Cli;

/// <summary>
/// <c>sluice-operator tune</c>: the operator's SLO control (profiling sweep, then the online tuner) against live engines (one,
/// or replicas behind a round robin), without Kubernetes, while a load generator drives them; writes the trajectory (tune.json, tune.csv) and chart (tune.svg).
/// Exit codes: 0 done, 2 bad flags (one line each on stderr, nothing sent), 1 the engine failed.
/// </summary>
public static class TuneCommand
{
    public static Command Create()
    {
        var engine = new Option<string[]>("--engine")
        {
            Description = "engine base URL, e.g. http://127.0.0.1:8000 (required); repeat it for replicas of one model: the load goes round robin over them",
        };
        var tokenFile = new Option<string?>("--admin-token-file") { Description = "file holding the engine's /admin/config bearer token (required)" };
        var model = new Option<string?>("--model") { Description = "model id to request (default: the first the engine lists)" };
        var ttft = new Option<string?>("--ttft") { Description = "TTFT limit, e.g. 1s (required)" };
        var tpot = new Option<string?>("--tpot") { Description = "TPOT limit, e.g. 20ms (required)" };
        var percentile = new Option<double>("--percentile") { Description = "percentile the limits hold at (50..99.9)", DefaultValueFactory = _ => 95 };
        var workload = new Option<string?>("--workload") { Description = "INPUT:OUTPUT tokens per request", DefaultValueFactory = _ => "2048:128" };
        var load = new Option<string?>("--load") { Description = "poisson:R (R req/s, open loop) or backlog:N (N closed-loop users) (required)" };
        var duration = new Option<string?>("--duration") { Description = "how long the load runs after profiling", DefaultValueFactory = _ => "120s" };
        var profile = new Option<string?>("--profile") { Description = "time box of the profiling sweep before the load; 0s skips it", DefaultValueFactory = _ => "45s" };
        var period = new Option<string?>("--period") { Description = "time between control periods", DefaultValueFactory = _ => "5s" };
        var window = new Option<string?>("--window") { Description = "window of the operator's observation and the client's statistics", DefaultValueFactory = _ => "30s" };
        var maxBatch = new Option<int>("--max-batch-size") { Description = "largest max batch size the tuner may choose", DefaultValueFactory = _ => 256 };
        var fixedBatch = new Option<int?>("--fixed-batch-size") { Description = "keep this max batch size (a static setting; skips profiling)" };
        var fixedRate = new Option<double?>("--fixed-rate") { Description = "keep this admitted rate, req/s (a static setting; skips profiling)" };
        var step = new Option<string?>("--step") { Description = "a load step of the poisson load: Fx:FROM:TO, e.g. 3x:30s:90s (F × the rate from FROM to TO after the load starts)" };
        var output = new Option<string?>("--out") { Description = "directory for tune.json, tune.csv and tune.svg (required)" };
        var command = new Command("tune", "run the SLO control against a live engine, without Kubernetes, under a generated load")
        {
            engine, tokenFile, model, ttft, tpot, percentile, workload, load, duration, profile, period, window, maxBatch, fixedBatch, fixedRate, step, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var engines = parse.GetValue(engine) ?? [];
            var options = TuneOptions.Parse(engines.FirstOrDefault(), parse.GetValue(tokenFile), parse.GetValue(model), parse.GetValue(ttft), parse.GetValue(tpot),
                parse.GetValue(percentile), parse.GetValue(workload), parse.GetValue(load), parse.GetValue(duration), parse.GetValue(profile), parse.GetValue(period),
                parse.GetValue(window), parse.GetValue(maxBatch), parse.GetValue(output), out var errors,
                parse.GetValue(fixedBatch), parse.GetValue(fixedRate), engines.Skip(1).ToList(), parse.GetValue(step));
            if (options is null)
            {
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync("error: " + error);
                }

                return 2;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            try
            {
                var recording = await new TuneSession(options, http, Console.Out).RunAsync(cancellationToken);
                var files = await TuneFiles.WriteAsync(options.OutputDirectory, recording);
                Console.WriteLine(Summary(recording));
                Console.WriteLine("wrote " + string.Join(", ", files));
                return 0;
            }
            catch (EngineApiException ex)
            {
                await Console.Error.WriteLineAsync("error: " + ex.Message);
                return 1;
            }
        });
        return command;
    }

    private static string Summary(TuneRecording r)
    {
        var w = r.Whole;
        var last = r.Samples.Count > 0 ? r.Samples[^1] : null;
        string P(double? v) => v is { } x ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";
        string Ms(double? v) => v is { } x ? (x * 1000).ToString("0.0", CultureInfo.InvariantCulture) + "ms" : "-";
        string S(double? v) => v is { } x ? x.ToString("0.#", CultureInfo.InvariantCulture) + "s" : "none";
        return string.Create(CultureInfo.InvariantCulture,
            $"final maxBatchSize {last?.Point.MaxBatchSize}, maxRequestRate {last?.Point.MaxRequestRatePerSecond?.ToString("0.###", CultureInfo.InvariantCulture) ?? "unlimited"}; " +
            $"settled at {r.SettledAtSeconds?.ToString("0.#", CultureInfo.InvariantCulture) ?? "never"}s; whole load: {w.Requests} requests, {w.Refused} refused 429, " +
            $"TTFT p{r.Options.Percentile} {Ms(w.TtftSeconds)}, TPOT {Ms(w.TpotSeconds)}, {w.OutputTokensPerSecond:0.0} tok/s, goodput {w.GoodputTokensPerSecond:0.0} tok/s, " +
            $"attainment {P(w.AttainmentOfFinished)} of finished, {P(w.AttainmentOfOffered)} of offered; last window: operator {P(last?.Operator?.SloAttainment)}" +
            $"{(last?.Operator?.SloAttainmentExact == true ? " (exact)" : " (bound)")} vs client {P(last?.Client.AttainmentOfFinished)}") + StepSummary(r, P, S);
    }

    private static string StepSummary(TuneRecording r, Func<double?, string> percent, Func<double?, string> seconds) => r.StepClient is { } step
        ? string.Create(CultureInfo.InvariantCulture,
            $"; step {r.Options.Step}: attainment {percent(step.AttainmentOfFinished)} of finished, {percent(step.AttainmentOfOffered)} of offered, goodput {step.GoodputTokensPerSecond:0.0} tok/s, " +
            $"scale-up decision {seconds(r.StepScaleUpSeconds)} after it began, scale-down {seconds(r.StepScaleDownSeconds)} after it ended")
        : string.Empty;
}
