using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.E2E.OperatorBench;

/// <summary>
/// The operator benchmark (minutes long, numbers not assertions): runs only when <see cref="DirectoryVariable"/> names
/// the folder to write its results to (<c>make operator-bench</c> sets it).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OperatorBenchFactAttribute : FactAttribute
{
    public const string DirectoryVariable = "SLUICE_OPERATOR_BENCH_DIR";

    /// <summary>Reconcile workers of the benchmarked operator (the chart's default, 8, when unset).</summary>
    public const string WorkersVariable = "SLUICE_OPERATOR_BENCH_WORKERS";

    public OperatorBenchFactAttribute()
    {
        if (ControlPlaneBinaries.SkipRequested)
        {
            Skip = $"{ControlPlaneBinaries.SkipVariable}=1: control-plane tests skipped on request";
        }
        else if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(DirectoryVariable)))
        {
            Skip = $"a minutes-long benchmark; set {DirectoryVariable} to the output folder (make operator-bench) to run it";
        }
    }
}
