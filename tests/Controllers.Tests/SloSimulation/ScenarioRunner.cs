using Sluice.Bench.Results;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Slo;
using Sluice.Controllers.SloControl;

namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// Runs a <see cref="ScenarioSettings"/> as the tune command runs against live engines, with the operator's own control code
/// over simulated HTTP: the profiling sweep (<see cref="ProfilingSweep"/>, against the first engine, the others idle) with the
/// batch bound from the scraped KV capacity, then the load (seed 7; the phases of a step seeds 7, 8, 9) and one
/// <see cref="SloControlLoop"/> period every period (scrape, tune, push, decide the replica count from the profiled per-replica
/// rate; with one engine the count is not scaled, with several the decision is recorded, never applied). A static run sets its
/// levers on every engine at the load's start and runs no loop. Everything happens in simulated time: same settings, same run.
/// </summary>
internal static class ScenarioRunner
{
    public const string Model = "llama-3-8b";
    private const string Key = "sim/llm";

    public static async Task<ScenarioRun> RunAsync(ScenarioSettings settings)
    {
        var simulation = new Simulation(settings.Engines, maxBatchedTokens: settings.MaxBatchedTokens);
        using var http = new HttpClient(new SimulatedEngineHandler(simulation));
        var admin = new EngineAdminClient(http);
        var scraper = new EngineMetricsScraper(http);
        var pods = Enumerable.Range(0, settings.Engines).Select(i => new EnginePod($"engine-{i}", SimulatedEngineHandler.BaseUrl(i))).ToList();
        var targets = settings.Targets;
        ProfileResult? profile = null;
        var point = new TuningPoint(Math.Min(simulation.Engines[0].MaxBatchSize, settings.MaxBatchSize), null);
        if (settings.Static)
        {
            point = new TuningPoint(settings.FixedBatchSize!.Value, settings.FixedRatePerSecond);
            foreach (var engine in simulation.Engines)
            {
                engine.Configure(point.MaxBatchSize, point.MaxRequestRatePerSecond, null, null, setsSlo: false, simulation.NowSeconds);
            }
        }
        else if (settings.ProfileSeconds > 0)
        {
            var capacity = (await scraper.ScrapeAsync(pods[0].BaseUrl, Now(simulation), CancellationToken.None)).KvCacheCapacityTokens;
            var (maxBatch, _) = ProfilingBatchBound.Largest(capacity, settings.InputTokens, settings.OutputTokens, 64, settings.MaxBatchSize);
            var workload = new ProfilingWorkload(Model, settings.InputTokens, settings.OutputTokens, maxBatch, TimeSpan.FromSeconds(settings.ProfileSeconds));
            var sweep = new ProfilingSweep(admin, new SimulatedProfilingLoad(simulation), new SimulationTimeProvider(simulation));
            profile = await sweep.RunAsync(pods[0].BaseUrl, SimulatedEngineHandler.AdminToken, workload, targets, 0.1, CancellationToken.None);
            point = profile.Chosen;
        }

        var origin = simulation.NowSeconds;
        var clients = StartLoad(simulation, settings, origin);
        var profiledRate = profile is null ? (double?)null : ProfiledCapacity.RatePerReplica(profile, targets, settings.OutputTokens);
        var samples = settings.Static ? [] : await ControlAsync(simulation, settings, pods, point, profiledRate, scraper, admin, origin);
        simulation.RunUntil(origin + settings.DurationSeconds);
        simulation.RunWhile(() => clients.Any(c => c.InFlight > 0));
        List<RequestRecord> records = [.. clients.SelectMany(c => c.Records)];
        return new ScenarioRun(settings, profile, profiledRate, samples, records);
    }

    private static async Task<List<ScenarioSample>> ControlAsync(
        Simulation simulation, ScenarioSettings settings, List<EnginePod> pods, TuningPoint point, double? profiledRate, EngineMetricsScraper scraper, EngineAdminClient admin, double origin)
    {
        var loop = new SloControlLoop(scraper, admin, TunerSettings.Default, TimeSpan.FromSeconds(settings.WindowSeconds), TimeSpan.FromSeconds(Math.Min(20, settings.WindowSeconds)));
        var bounds = new LeverBounds(1, settings.MaxBatchSize, 0.25, null);
        var scaling = new ScalingSettings(1, Math.Max(8, settings.Engines), 0.8, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), Paused: settings.Engines == 1);
        var samples = new List<ScenarioSample>();
        for (var t = 0.0; t < settings.DurationSeconds; t += settings.PeriodSeconds)
        {
            simulation.RunUntil(origin + t);
            var input = new SloControlInput(pods, settings.Targets, bounds, scaling, point, settings.Engines, SimulatedEngineHandler.AdminToken, profiledRate);
            var result = await loop.RunPeriodAsync(Key, input, Now(simulation), CancellationToken.None);
            result.Errors.Should().BeEmpty("the simulated engines always answer");
            point = result.Point;
            var scale = result.Scale is { } d ? $"replicas {d.From} → {d.To}: {d.Reason}" : null;
            samples.Add(new ScenarioSample(t, point, result.Observed, [.. result.TuningReasons, .. scale is null ? [] : new[] { scale }], result.Scale?.To));
        }

        return samples;
    }

    /// <summary>Starts the load at <paramref name="origin"/>: a backlog, or Poisson arrivals in one phase or three (before, during and after the step).</summary>
    private static List<SimulatedClient> StartLoad(Simulation simulation, ScenarioSettings settings, double origin)
    {
        var engines = Enumerable.Range(0, settings.Engines).ToList();
        SimulatedClient Client(int seed) => new(simulation, engines, settings.InputTokens, settings.OutputTokens, seed, origin);
        var end = origin + settings.DurationSeconds;
        if (settings.BacklogUsers is { } users)
        {
            var backlog = Client(7);
            SimulatedLoads.ClosedLoop(simulation, backlog, users, origin, end);
            return [backlog];
        }

        var rate = settings.PoissonRatePerSecond ?? throw new ArgumentException("a scenario needs a backlog or a Poisson rate", nameof(settings));
        List<(int Seed, double From, double To, double Rate)> phases = (settings.Step, settings.Noise) switch
        {
            ({ } step, _) => [(7, 0, step.FromSeconds, rate), (8, step.FromSeconds, step.ToSeconds, rate * step.Factor), (9, step.ToSeconds, settings.DurationSeconds, rate)],
            (null, { } noise) => NoisyPhases(rate, noise.Fraction, noise.PeriodSeconds, settings.DurationSeconds),
            _ => [(7, 0, settings.DurationSeconds, rate)],
        };
        var clients = new List<SimulatedClient>();
        foreach (var (seed, from, to, phaseRate) in phases.Where(p => p.To > p.From))
        {
            var client = Client(seed);
            SimulatedLoads.Poisson(simulation, client, phaseRate, seed, origin + from, origin + Math.Min(to, settings.DurationSeconds));
            clients.Add(client);
        }

        return clients;
    }

    /// <summary>Phases of <paramref name="periodSeconds"/>, each at <paramref name="rate"/> × (1 + u), u uniform in ±<paramref name="fraction"/> (seeded).</summary>
    private static List<(int Seed, double From, double To, double Rate)> NoisyPhases(double rate, double fraction, double periodSeconds, double durationSeconds)
    {
        var random = new Random(11);
        var phases = new List<(int, double, double, double)>();
        for (var (k, from) = (0, 0.0); from < durationSeconds; k++, from += periodSeconds)
        {
            phases.Add((100 + k, from, from + periodSeconds, rate * (1 + (fraction * ((2 * random.NextDouble()) - 1)))));
        }

        return phases;
    }

    private static DateTimeOffset Now(Simulation simulation) => SimulationTimeProvider.At(simulation.NowSeconds);
}
