using Sluice.Bench.Running;

namespace Sluice.Bench.Cli;

/// <summary>Keeps the latest <see cref="RunProgress"/> for the display loop to poll.</summary>
public sealed class ProgressSink : IProgress<RunProgress>
{
    private RunProgress? _latest;

    /// <summary>The most recent snapshot, or null before the run started.</summary>
    public RunProgress? Latest => Volatile.Read(ref _latest);

    /// <inheritdoc />
    public void Report(RunProgress value) => Volatile.Write(ref _latest, value);
}
