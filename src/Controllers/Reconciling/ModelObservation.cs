using Sluice.Contracts.Fetch;

namespace Sluice.Controllers.Reconciling;

/// <summary>What the engine pods show of the model's delivery, for status.model and the ModelReady condition.</summary>
/// <param name="NeedsDownload">False for sources without a download (pvc://, dummy://).</param>
/// <param name="Delivered">True when no download is needed or a pod's fetcher finished (its engine runs or it exited 0).</param>
/// <param name="Report">The most advanced running fetcher's progress report, or null.</param>
/// <param name="ReportPod">The pod that report came from.</param>
/// <param name="FetcherRunning">True when some pod's fetch init container is running (whether or not its report was read).</param>
public sealed record ModelObservation(bool NeedsDownload, bool Delivered, FetchProgressReport? Report, string? ReportPod, bool FetcherRunning = false)
{
    /// <summary>A source that needs no download (pvc://, dummy://).</summary>
    public static ModelObservation NoDownload { get; } = new(false, true, null, null);

    /// <summary>
    /// True while a fetcher runs and has not finished: its progress (and a failure it keeps retrying) is only seen by
    /// reading its report, so the reconciler looks again soon.
    /// </summary>
    public bool Downloading => !Delivered && FetcherRunning;
}
