namespace Sluice.Bench.Tests.Cli;

/// <summary>The fake engine's latency model and the sweep arguments of one size of the simulated seed experiment.</summary>
internal sealed record SimulatedExperiment(
    double FirstTokenSeconds,
    double DecodeBaseSeconds,
    double DecodePerSequenceSeconds,
    string CommonArgs,
    double[] Concurrency,
    string BatchStopArgs,
    double[] Rates,
    string RateStopArgs);
