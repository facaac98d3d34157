using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Sluice.Bench.Results;
using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Slo;

namespace Sluice.Operator.Cli.Tune;

/// <summary>
/// Runs the operator's own SLO control against one live engine, without Kubernetes: the profiling sweep
/// (<see cref="ProfilingSweep"/>, as the SLO controller runs it once per generation), then, while a <see cref="LoadRunner"/>
/// drives the engine with the chosen load, one <see cref="SloControlLoop"/> period every <see cref="TuneOptions.PeriodSeconds"/>
/// (scrape, tune, push the levers and the SLO limits through /admin/config). Each period is sampled with the client's own
/// statistics over the same window. The engine is one replica: the loop's scaling decision is not applied.
/// </summary>
public sealed class TuneSession(TuneOptions options, HttpClient http, TextWriter log)
{
    private const string Key = "tune/engine";

    /// <summary>Runs the whole session and returns its recording; throws <see cref="EngineApiException"/> when the engine cannot be reached or configured.</summary>
    public async Task<TuneRecording> RunAsync(CancellationToken cancellationToken)
    {
        var admin = new EngineAdminClient(http);
        var scraper = new EngineMetricsScraper(http);
        var model = options.Model ?? await FirstModelAsync(cancellationToken);
        var targets = new SloTargets(options.TtftSeconds, options.TpotSeconds, options.Percentile);
        var pod = new EnginePod("engine", options.Engine);

        var profileClock = Stopwatch.StartNew();
        ProfileResult? profile = null;
        TuningPoint point;
        if (options.Profiles)
        {
            var capacity = (await scraper.ScrapeAsync(options.Engine, DateTimeOffset.UtcNow, cancellationToken)).KvCacheCapacityTokens;
            var (maxBatch, bound) = ProfilingBatchBound.Largest(capacity, options.InputTokens, options.OutputTokens, 64, options.MaxBatchSize);
            log.WriteLine($"profiling {model} at {options.InputTokens}→{options.OutputTokens} tokens, batches up to {maxBatch} ({bound}), for at most {options.ProfileBudgetSeconds}s");
            var workload = new ProfilingWorkload(model, options.InputTokens, options.OutputTokens, maxBatch, TimeSpan.FromSeconds(options.ProfileBudgetSeconds));
            profile = await new ProfilingSweep(admin, new LoadRunner()).RunAsync(options.Engine, options.AdminToken, workload, targets, 0.1, cancellationToken);
            point = profile.Chosen;
            log.WriteLine($"profiled {profile.Curve.Count} points in {profileClock.Elapsed.TotalSeconds:0.0}s: maxBatchSize {point.MaxBatchSize}, maxRequestRate {Rate(point.MaxRequestRatePerSecond)}");
        }
        else
        {
            var live = await admin.GetAsync(options.Engine, options.AdminToken, cancellationToken);
            point = new TuningPoint(options.FixedBatchSize ?? Math.Min(live.MaxBatchSize, options.MaxBatchSize), options.FixedRatePerSecond ?? live.MaxRequestRate);
        }

        var profileSeconds = profileClock.Elapsed.TotalSeconds;
        var loop = new SloControlLoop(scraper, admin, TunerSettings.Default, TimeSpan.FromSeconds(options.WindowSeconds), TimeSpan.FromSeconds(Math.Min(20, options.WindowSeconds)));
        var bounds = new LeverBounds(
            options.FixedBatchSize ?? 1, options.FixedBatchSize ?? options.MaxBatchSize, options.FixedRatePerSecond ?? 0.25, options.FixedRatePerSecond);
        var scaling = new ScalingSettings(1, 1, 0.8, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), Paused: true);
        var records = new ConcurrentQueue<RequestRecord>();
        var runner = new LoadRunner { RequestFinished = records.Enqueue };
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var load = runner.RunAsync(LoadSpec(model), stop.Token);
        var samples = new List<TuneSample>();
        while (clock.Elapsed.TotalSeconds < options.DurationSeconds && !load.IsCompleted)
        {
            var next = clock.Elapsed + TimeSpan.FromSeconds(options.PeriodSeconds);
            var result = await loop.RunPeriodAsync(Key, new SloControlInput([pod], targets, bounds, scaling, point, 1, options.AdminToken, null), DateTimeOffset.UtcNow, cancellationToken);
            point = result.Point;
            var t = clock.Elapsed.TotalSeconds;
            var client = ClientWindow.Of(records.ToArray(), Math.Max(0, t - options.WindowSeconds), Math.Max(t, 1e-3), options.Percentile, options.TtftSeconds, options.TpotSeconds);
            samples.Add(new TuneSample(Math.Round(t, 2), point, result.Observed, client, result.TuningReasons));
            foreach (var line in result.TuningReasons.Concat(result.Errors))
            {
                log.WriteLine($"{t,7:0.0}s {line}");
            }

            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
        }

        var run = await load;
        var whole = ClientWindow.Of(run.Requests ?? [], 0, Math.Max(clock.Elapsed.TotalSeconds, 1e-3), options.Percentile, options.TtftSeconds, options.TpotSeconds);
        return new TuneRecording(options, model, profile, profileSeconds, samples, whole, SettledAt(samples, options.TtftSeconds, options.TpotSeconds));
    }

    /// <summary>The first sample time from which every later client window with finished requests met both limits at the percentile; null when the last did not.</summary>
    public static double? SettledAt(IReadOnlyList<TuneSample> samples, double ttftLimitSeconds, double tpotLimitSeconds)
    {
        ArgumentNullException.ThrowIfNull(samples);
        double? settled = null;
        foreach (var s in samples.Where(s => s.Client.Finished > 0))
        {
            var meets = s.Client.TtftSeconds <= ttftLimitSeconds && (s.Client.TpotSeconds is not { } tpot || tpot <= tpotLimitSeconds);
            settled = meets ? settled ?? s.TimeSeconds : null;
        }

        return settled;
    }

    private BenchmarkSpec LoadSpec(string model) => new()
    {
        BaseUrl = options.Engine,
        Model = model,
        Mode = options.Load.Users is null ? LoadMode.OpenLoop : LoadMode.ClosedLoop,
        Users = options.Load.Users ?? 1,
        RequestRatePerSecond = options.Load.RatePerSecond,
        Arrival = ArrivalProcess.Poisson,
        DurationSeconds = options.DurationSeconds,
        Dataset = new DatasetSpec { InputTokens = options.InputTokens, OutputTokens = options.OutputTokens },
        RequestTimeoutSeconds = Math.Max(60, options.DurationSeconds),
        Seed = 7,
    };

    private async Task<string> FirstModelAsync(CancellationToken cancellationToken)
    {
        try
        {
            var models = JsonNode.Parse(await http.GetStringAsync(new Uri(options.Engine, "v1/models"), cancellationToken));
            return models?["data"]?[0]?["id"]?.GetValue<string>() ?? throw new EngineApiException($"{options.Engine}v1/models lists no model; pass --model");
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new EngineApiException($"reading {options.Engine}v1/models failed: {ex.Message}", ex);
        }
    }

    private static string Rate(double? rate) => rate is { } r ? $"{r:0.###} req/s" : "unlimited";
}
