using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Sluice.Bench.Results;
using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Slo;
using Sluice.Controllers.SloControl;

namespace Sluice.Operator.Cli.Tune;

/// <summary>
/// Runs the operator's own SLO control against live engines, without Kubernetes: the profiling sweep
/// (<see cref="ProfilingSweep"/>, as the SLO controller runs it once per generation, against the first engine), then, while
/// <see cref="LoadRunner"/>s drive the engines round robin with the chosen load (in phases for a load step), one
/// <see cref="SloControlLoop"/> period every <see cref="TuneOptions.PeriodSeconds"/> (scrape every engine, tune, push the levers
/// and the SLO limits through /admin/config, decide the replica count from the profiled per-replica rate). Each period is sampled
/// with the client's own statistics over the same window. The engines are given: a scaling decision (made only with more than
/// one engine) is recorded, never applied.
/// </summary>
public sealed class TuneSession(TuneOptions options, HttpClient http, TextWriter log)
{
    private const string Key = "tune/engine";

    /// <summary>Upper bound of the replica count the scaler may decide when several engines run (it is recorded, not applied).</summary>
    public const int MaxReplicasDecided = 8;

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
        var engines = options.Engines;
        var pods = engines.Select((url, i) => new EnginePod(i == 0 ? "engine" : $"engine-{i + 1}", url)).ToList();
        // With replicas the scaler decides as in the cluster (recorded, not applied: the engines are given); one engine is not scaled.
        var scaling = new ScalingSettings(1, Math.Max(MaxReplicasDecided, engines.Count), 0.8, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), Paused: engines.Count == 1);
        var profiledRate = profile is null ? (double?)null : ProfiledCapacity.RatePerReplica(profile, targets, options.OutputTokens);
        var records = new ConcurrentQueue<RequestRecord>();
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var load = Task.WhenAll(LoadPhases(model).Select(phase => RunPhaseAsync(phase.Spec, phase.OffsetSeconds, clock, records, stop.Token)));
        var samples = new List<TuneSample>();
        while (clock.Elapsed.TotalSeconds < options.DurationSeconds && !load.IsCompleted)
        {
            var next = clock.Elapsed + TimeSpan.FromSeconds(options.PeriodSeconds);
            var input = new SloControlInput(pods, targets, bounds, scaling, point, engines.Count, options.AdminToken, profiledRate);
            var result = await loop.RunPeriodAsync(Key, input, DateTimeOffset.UtcNow, cancellationToken);
            point = result.Point;
            var t = clock.Elapsed.TotalSeconds;
            var client = ClientWindow.Of(records.ToArray(), Math.Max(0, t - options.WindowSeconds), Math.Max(t, 1e-3), options.Percentile, options.TtftSeconds, options.TpotSeconds);
            var scale = result.Scale is { } d ? $"replicas {d.From} → {d.To}: {d.Reason}" : null;
            samples.Add(new TuneSample(Math.Round(t, 2), point, result.Observed, client, [.. result.TuningReasons, .. scale is null ? [] : new[] { scale }], result.Scale?.To));
            foreach (var line in result.TuningReasons.Concat(scale is null ? [] : [scale]).Concat(result.Errors))
            {
                log.WriteLine($"{t,7:0.0}s {line}");
            }

            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
        }

        await load;
        var all = records.ToArray();
        var whole = ClientWindow.Of(all, 0, Math.Max(clock.Elapsed.TotalSeconds, 1e-3), options.Percentile, options.TtftSeconds, options.TpotSeconds);
        var stepClient = options.Step is { } step && step.FromSeconds < clock.Elapsed.TotalSeconds
            ? ClientWindow.Of(all, step.FromSeconds, Math.Min(step.ToSeconds, clock.Elapsed.TotalSeconds), options.Percentile, options.TtftSeconds, options.TpotSeconds)
            : null;
        return new TuneRecording(options, model, profile, profileSeconds, samples, whole, SettledAt(samples, options.TtftSeconds, options.TpotSeconds))
        {
            ProfiledRatePerReplica = profiledRate,
            StepClient = stepClient,
            StepScaleUpSeconds = options.Step is { } s2 ? FirstScale(samples, s2.FromSeconds, to => to > engines.Count) : null,
            StepScaleDownSeconds = options.Step is { } s3 ? FirstScale(samples, s3.ToSeconds, to => to < engines.Count) : null,
        };
    }

    /// <summary>Seconds from <paramref name="fromSeconds"/> to the first later sample whose scale decision matches; null when none did.</summary>
    public static double? FirstScale(IReadOnlyList<TuneSample> samples, double fromSeconds, Func<int, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(matches);
        return samples.FirstOrDefault(s => s.TimeSeconds >= fromSeconds && s.ScaleTo is { } to && matches(to)) is { } hit ? Math.Round(hit.TimeSeconds - fromSeconds, 2) : null;
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

    /// <summary>The load as phases, each a spec and when it starts: one phase, or the base rate, the step and the base rate again.</summary>
    private List<(BenchmarkSpec Spec, double OffsetSeconds)> LoadPhases(string model)
    {
        var baseSpec = LoadSpec(model);
        if (options.Step is not { } step || options.Load.RatePerSecond is not { } rate)
        {
            return [(baseSpec, 0)];
        }

        var phases = new List<(BenchmarkSpec, double)>();
        void Add(double from, double to, double ratePerSecond, int seed)
        {
            if (Math.Min(to, options.DurationSeconds) > from)
            {
                phases.Add((baseSpec with { RequestRatePerSecond = ratePerSecond, DurationSeconds = Math.Min(to, options.DurationSeconds) - from, Seed = seed }, from));
            }
        }

        Add(0, step.FromSeconds, rate, 7);
        Add(step.FromSeconds, step.ToSeconds, rate * step.Factor, 8);
        Add(step.ToSeconds, options.DurationSeconds, rate, 9);
        return phases;
    }

    /// <summary>Runs one phase from <paramref name="offsetSeconds"/> after the load started; its records land in <paramref name="records"/> timed from the load's start.</summary>
    private static async Task RunPhaseAsync(BenchmarkSpec spec, double offsetSeconds, Stopwatch clock, ConcurrentQueue<RequestRecord> records, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(offsetSeconds) - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }

        var startedSeconds = clock.Elapsed.TotalSeconds;
        var runner = new LoadRunner { RequestFinished = r => records.Enqueue(r with { StartSeconds = r.StartSeconds + startedSeconds }) };
        await runner.RunAsync(spec, cancellationToken);
    }

    private BenchmarkSpec LoadSpec(string model) => new()
    {
        BaseUrl = options.Engine,
        ExtraBaseUrls = options.MoreEngines,
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
