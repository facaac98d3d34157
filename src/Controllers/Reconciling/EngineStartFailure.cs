using Sluice.Controllers.Desired;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// A container of an engine pod that cannot get the engine serving: the engine itself or the model download init container.
/// </summary>
/// <param name="ContainerName">"engine" or "download".</param>
/// <param name="ExitCode">The non-zero exit code; null when the container never ran (a config or image error).</param>
/// <param name="Text">The termination message (the engine's or the log's tail), or the kubelet's reason and message.</param>
public sealed record EngineStartFailure(string PodName, string ContainerName, int? ExitCode, string Text)
{
    /// <summary>
    /// The Degraded reason: for the fetch container the one its exit code names (ModelSourceUnreachable,
    /// ModelCredentialsRejected, …; ModelDownloadFailed for other codes and start errors), EngineStartFailed otherwise.
    /// </summary>
    public string Reason => ContainerName == ModelVolumes.DownloadContainerName ? ModelDeliveryReasons.OfExitCode(ExitCode) : ConditionReasons.EngineStartFailed;
}
