using Sluice.Bench.Results;
using Sluice.Bench.Spec;

namespace Sluice.Controllers.Slo;

/// <summary>The load a profiling sweep puts on one replica: the bench library's runner in the operator, a simulated replica in tests.</summary>
public interface IProfilingLoad
{
    /// <summary>
    /// Runs <paramref name="spec"/> (closed or open loop) until it stops sending and the requests in flight ended; the result holds
    /// every request (<see cref="RunResult.Requests"/>), its times counted from the run's start.
    /// </summary>
    Task<RunResult> RunAsync(BenchmarkSpec spec, CancellationToken cancellationToken);
}
