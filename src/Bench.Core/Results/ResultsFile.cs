using System.Text.Json.Serialization;
using Sluice.Bench.Spec;

namespace Sluice.Bench.Results;

/// <summary>
/// The JSON document sluice-bench writes: schema <see cref="CurrentSchemaVersion"/>. Fields are only
/// added within a schema version; renaming or removing one bumps it.
/// </summary>
public sealed record ResultsFile
{
    /// <summary>The schema version this build writes and reads.</summary>
    public const string CurrentSchemaVersion = "sluice-bench/v1";

    /// <summary>Schema identifier; readers reject versions they do not know.</summary>
    public string SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>One run or a sweep.</summary>
    public required ResultsKind Kind { get; init; }

    /// <summary>The swept variable for a sweep; null for a single run.</summary>
    public SweepAxis? Axis { get; init; }

    /// <summary>When the file was written.</summary>
    public required DateTimeOffset CreatedAtUtc { get; init; }

    /// <summary>The runs; exactly one for <see cref="ResultsKind.Run"/>.</summary>
    public required IReadOnlyList<RunResult> Runs { get; init; }

    /// <summary>The axis to plot or match runs on: the sweep's axis, else concurrency for a closed-loop run and request rate for an open-loop one.</summary>
    [JsonIgnore]
    public SweepAxis EffectiveAxis =>
        Axis ?? (Runs.Count > 0 && Runs[0].Spec.Mode == LoadMode.OpenLoop ? SweepAxis.RequestRate : SweepAxis.Concurrency);

    /// <summary>The x value of <paramref name="run"/> on <paramref name="axis"/>: users, or request rate (null for rate = inf or a closed-loop run).</summary>
    public static double? AxisValue(RunResult run, SweepAxis axis)
    {
        ArgumentNullException.ThrowIfNull(run);
        return axis switch
        {
            SweepAxis.Concurrency => run.Spec.Mode == LoadMode.ClosedLoop ? run.Spec.Users : null,
            _ => run.Spec.Mode == LoadMode.OpenLoop ? run.Spec.RequestRatePerSecond : null,
        };
    }
}
