using Sluice.Bench.Results;
using Sluice.Bench.Spec;

namespace Sluice.Bench.Running;

/// <summary>Runs one spec at several points of a <see cref="SweepAxis"/> and gathers them into one <see cref="ResultsFile"/>.</summary>
public static class SweepRunner
{
    /// <summary>
    /// <paramref name="baseSpec"/> at one sweep point: closed loop with <paramref name="value"/> users
    /// (a positive whole number), or open loop at <paramref name="value"/> requests per second
    /// (positive; <see cref="double.PositiveInfinity"/> sends all at once).
    /// </summary>
    public static BenchmarkSpec SpecAt(BenchmarkSpec baseSpec, SweepAxis axis, double value)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        if (axis == SweepAxis.Concurrency)
        {
            if (!(value >= 1 && value <= int.MaxValue && Math.Floor(value) == value))
            {
                throw new ArgumentException($"concurrency must be a whole number of users, at least 1 (got {value})", nameof(value));
            }

            return baseSpec with { Mode = LoadMode.ClosedLoop, Users = (int)value };
        }

        if (!(value > 0))
        {
            throw new ArgumentException($"request rate must be positive or inf (got {value})", nameof(value));
        }

        return baseSpec with
        {
            Mode = LoadMode.OpenLoop,
            RequestRatePerSecond = double.IsPositiveInfinity(value) ? null : value,
        };
    }

    /// <summary>
    /// Runs every point in order with <paramref name="runner"/> (all points are validated before the
    /// first runs). The result keeps each run's requests; drop them before writing when they are not wanted.
    /// </summary>
    public static Task<ResultsFile> RunAsync(
        LoadRunner runner, BenchmarkSpec baseSpec, SweepAxis axis, IReadOnlyList<double> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return RunAsync((_, spec) => runner.RunAsync(spec, cancellationToken), baseSpec, axis, values);
    }

    /// <summary>
    /// Runs every point in order through <paramref name="runPoint"/> (given the 0-based point number and
    /// its spec); all points are validated before the first runs.
    /// </summary>
    public static async Task<ResultsFile> RunAsync(
        Func<int, BenchmarkSpec, Task<RunResult>> runPoint, BenchmarkSpec baseSpec, SweepAxis axis, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(runPoint);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("a sweep needs at least one value", nameof(values));
        }

        var specs = values.Select(value => SpecAt(baseSpec, axis, value)).ToList();
        foreach (var spec in specs)
        {
            spec.ThrowIfInvalid();
        }

        var runs = new List<RunResult>();
        for (var i = 0; i < specs.Count; i++)
        {
            runs.Add(await runPoint(i, specs[i]));
        }

        return new ResultsFile { Kind = ResultsKind.Sweep, Axis = axis, CreatedAtUtc = DateTimeOffset.UtcNow, Runs = runs };
    }
}
