using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// One run of the tune command's shape on a <see cref="Simulation"/>: the engines (sharing one GPU), the limits, the workload,
/// the load (a backlog of closed-loop users, or Poisson arrivals, optionally stepped by a factor between two times), the
/// profiling time box (0: no sweep) and how long the load runs. <see cref="Noise"/> varies a Poisson rate: every period it is
/// the rate × (1 ± up to the fraction), drawn uniformly from a fixed seed. A <see cref="FixedBatchSize"/> makes it a static run: the engines
/// run that batch and <see cref="FixedRatePerSecond"/> (null: unlimited) from the load's start, with no sweep and no control loop.
/// <see cref="MaxBatchedTokens"/> is every engine's step token budget from the start.
/// </summary>
internal sealed record ScenarioSettings(
    SloTargets Targets,
    double DurationSeconds,
    int Engines = 1,
    int? BacklogUsers = null,
    double? PoissonRatePerSecond = null,
    (double Factor, double FromSeconds, double ToSeconds)? Step = null,
    (double Fraction, double PeriodSeconds)? Noise = null,
    double ProfileSeconds = 45,
    int? FixedBatchSize = null,
    double? FixedRatePerSecond = null,
    int InputTokens = 2048,
    int OutputTokens = 128,
    int MaxBatchSize = 32,
    double PeriodSeconds = 5,
    double WindowSeconds = 20,
    int MaxBatchedTokens = SimulatedEngine.DefaultMaxBatchedTokens)
{
    /// <summary>True for a static run.</summary>
    public bool Static => FixedBatchSize is not null;
}
