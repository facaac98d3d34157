using Sluice.Bench.Results;
using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>One control period of a scenario: seconds after the load started, the levers after it, what the operator observed, why the levers changed, the scale decision.</summary>
internal sealed record ScenarioSample(double TimeSeconds, TuningPoint Point, ObservedSlo? Observed, IReadOnlyList<string> Reasons, int? ScaleTo);

/// <summary>
/// What a scenario did: the sweep's result and the per-replica rate the scaler was given, every control period, and every
/// request the client sent (times from the load's start; the load ran <see cref="DurationSeconds"/>).
/// </summary>
internal sealed record ScenarioRun(ScenarioSettings Settings, ProfileResult? Profile, double? ProfiledRatePerReplica, IReadOnlyList<ScenarioSample> Samples, IReadOnlyList<RequestRecord> Records)
{
    public double DurationSeconds => Settings.DurationSeconds;

    /// <summary>The client's numbers over (from, to] seconds of the load, judged against the scenario's limits.</summary>
    public ClientStats Client(double fromSeconds, double toSeconds) =>
        ClientStats.Of(Records, fromSeconds, toSeconds, Settings.Targets.Percentile, Settings.Targets.TtftSeconds, Settings.Targets.TpotSeconds);

    /// <summary>The client's numbers over the whole load.</summary>
    public ClientStats Whole => Client(0, DurationSeconds);

    /// <summary>Seconds from <paramref name="fromSeconds"/> to the first period whose scale decision matches; null when none did.</summary>
    public double? FirstScale(double fromSeconds, Func<int, bool> matches) =>
        Samples.FirstOrDefault(s => s.TimeSeconds >= fromSeconds && s.ScaleTo is { } to && matches(to)) is { } hit ? hit.TimeSeconds - fromSeconds : null;

    /// <summary>
    /// The first period from which every later client window of <paramref name="windowSeconds"/> with finished requests met both
    /// limits at the percentile (as the tune command reports it); null when the last did not.
    /// </summary>
    public double? SettledAtSeconds(double windowSeconds)
    {
        double? settled = null;
        foreach (var sample in Samples.Where(s => s.TimeSeconds > 0))
        {
            var window = Client(Math.Max(0, sample.TimeSeconds - windowSeconds), sample.TimeSeconds);
            if (window.Finished == 0)
            {
                continue;
            }

            var meets = window.TtftSeconds <= Settings.Targets.TtftSeconds && (window.TpotSeconds is not { } tpot || tpot <= Settings.Targets.TpotSeconds);
            settled = meets ? settled ?? sample.TimeSeconds : null;
        }

        return settled;
    }
}
