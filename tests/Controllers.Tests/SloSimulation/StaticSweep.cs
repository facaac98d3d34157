namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// Exhaustive static settings on the simulation, each run from a fresh engine for the scenario's whole duration with both
/// levers fixed and no control loop: the yardstick a tuner is measured against. A setting holds when the client's TTFT and
/// TPOT over the whole run were within their limits at the percentile; the best is the one with the most goodput among those.
/// </summary>
internal static class StaticSweep
{
    /// <summary>One static setting's run and whether it held the SLO.</summary>
    internal sealed record Result(int MaxBatchSize, double? RatePerSecond, ScenarioRun Run, bool Holds);

    /// <summary>Every batch from 1 to the scenario's bound with the rate unlimited.</summary>
    public static async Task<List<Result>> BatchesAsync(ScenarioSettings scenario)
    {
        var results = new List<Result>();
        for (var batch = 1; batch <= scenario.MaxBatchSize; batch++)
        {
            results.Add(Judge(await ScenarioRunner.RunAsync(scenario with { FixedBatchSize = batch, FixedRatePerSecond = null }), batch, null));
        }

        return results;
    }

    /// <summary>Every rate from <paramref name="fromPerSecond"/> to <paramref name="toPerSecond"/> in steps of <paramref name="stepPerSecond"/> at <paramref name="batch"/>.</summary>
    public static async Task<List<Result>> RatesAsync(ScenarioSettings scenario, int batch, double fromPerSecond, double toPerSecond, double stepPerSecond)
    {
        var results = new List<Result>();
        for (var rate = fromPerSecond; rate <= toPerSecond + 1e-9; rate += stepPerSecond)
        {
            results.Add(Judge(await ScenarioRunner.RunAsync(scenario with { FixedBatchSize = batch, FixedRatePerSecond = rate }), batch, rate));
        }

        return results;
    }

    /// <summary>The holding setting with the most goodput; throws when none held.</summary>
    public static Result Best(IEnumerable<Result> results) =>
        results.Where(r => r.Holds).MaxBy(r => r.Run.Whole.GoodputTokensPerSecond) ?? throw new InvalidOperationException("no static setting held the SLO");

    private static Result Judge(ScenarioRun run, int batch, double? rate)
    {
        var whole = run.Whole;
        var targets = run.Settings.Targets;
        var holds = whole.TtftSeconds <= targets.TtftSeconds && whole.TpotSeconds <= targets.TpotSeconds;
        return new Result(batch, rate, run, holds);
    }
}
