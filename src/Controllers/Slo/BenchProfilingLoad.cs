using Sluice.Bench.Results;
using Sluice.Bench.Running;
using Sluice.Bench.Spec;

namespace Sluice.Controllers.Slo;

/// <summary>A profiling load sent over HTTP by the bench library's <see cref="LoadRunner"/>, on the wall clock.</summary>
public sealed class BenchProfilingLoad(LoadRunner runner) : IProfilingLoad
{
    /// <inheritdoc />
    public Task<RunResult> RunAsync(BenchmarkSpec spec, CancellationToken cancellationToken) => runner.RunAsync(spec, cancellationToken);
}
