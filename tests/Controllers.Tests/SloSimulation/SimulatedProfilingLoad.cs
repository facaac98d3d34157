using Sluice.Bench.Results;
using Sluice.Bench.Spec;
using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// The profiling sweep's load on a <see cref="Simulation"/>: runs a spec as LoadRunner would (closed loop: Users users, all
/// starting at once, until DurationSeconds; open loop: Poisson arrivals at the rate from the spec's seed), on the engine the
/// spec's base URL addresses, advancing the simulation until every request ended.
/// </summary>
internal sealed class SimulatedProfilingLoad(Simulation simulation) : IProfilingLoad
{
    /// <summary>Every spec run, in order (what the sweep asked for).</summary>
    public List<BenchmarkSpec> Runs { get; } = [];

    public Task<RunResult> RunAsync(BenchmarkSpec spec, CancellationToken cancellationToken)
    {
        Runs.Add(spec);
        var start = simulation.NowSeconds;
        var end = start + (spec.DurationSeconds ?? throw new ArgumentException("a profiling run has a duration", nameof(spec)));
        var client = new SimulatedClient(simulation, [SimulatedEngineHandler.EngineOf(spec.BaseUrl)], spec.Dataset.InputTokens, spec.Dataset.OutputTokens ?? throw new ArgumentException("a profiling run has an output length", nameof(spec)), spec.Seed, start);
        var sending = spec.Mode == LoadMode.ClosedLoop
            ? SimulatedLoads.ClosedLoop(simulation, client, spec.Users, start, end)
            : PoissonUntil(client, spec, start, end);
        simulation.RunWhile(() => sending() || client.InFlight > 0);
        var records = client.Records.OrderBy(r => r.Index).ToList();
        return Task.FromResult(new RunResult
        {
            Spec = spec,
            StartedAtUtc = SimulationTimeProvider.At(start),
            Summary = SummaryCalculator.Summarize(records, spec.Slo),
            Requests = records,
        });
    }

    private Func<bool> PoissonUntil(SimulatedClient client, BenchmarkSpec spec, double start, double end)
    {
        SimulatedLoads.Poisson(simulation, client, spec.RequestRatePerSecond ?? throw new ArgumentException("an open-loop run has a rate", nameof(spec)), spec.Seed, start, end);
        return () => simulation.NowSeconds < end;
    }
}
