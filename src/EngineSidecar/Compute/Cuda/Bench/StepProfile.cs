using Sluice.Engine.Compute.Cuda.Runtime;

namespace Sluice.Engine.Compute.Cuda.Bench;

/// <summary>Device time per op of single eager steps (no graphs), for the benchmark's profile-based explanations.</summary>
public static class StepProfile
{
    /// <summary>
    /// Profiles one step of <paramref name="chunks"/> (run op by op) and adds "profile_{label}_{op}_seconds" entries and the
    /// step's total device time to <paramref name="report"/>. A decode step's GEMMs get timed algorithms, as in decode graphs.
    /// </summary>
    public static void Add(BenchReport report, CudaTransformerRunner runner, CudaBackend backend, string label, IReadOnlyList<ScheduledChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(backend);
        var useGraphs = runner.UseGraphs;
        runner.UseGraphs = false;
        using var profiler = new OpProfiler(backend.Device.Stream);
        try
        {
            backend.Gemm.TimeNewShapes = chunks.All(c => c.TokenIds.Length == 1);
            runner.Forward(chunks);
            backend.Gemm.TimeNewShapes = false;
            backend.Profiler = profiler;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            runner.Forward(chunks);
            var wall = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            backend.Profiler = null;
            var ops = profiler.Collect();
            report.Add($"profile_{label}_wall_seconds", wall);
            report.Add($"profile_{label}_device_seconds", ops.Sum(o => o.Seconds));
            foreach (var (name, seconds, _) in ops)
            {
                report.Add($"profile_{label}_{name}_seconds", seconds);
            }
        }
        finally
        {
            backend.Gemm.TimeNewShapes = false;
            backend.Profiler = null;
            runner.UseGraphs = useGraphs;
        }
    }
}
