using Sluice.Bench.Results;

namespace Sluice.Bench.Charts;

/// <summary>A results file and the series name it gets in charts.</summary>
public sealed record LabeledResults(string Label, ResultsFile Results);
