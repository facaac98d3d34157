using System.Globalization;
using k8s.Models;
using Sluice.Controllers.Desired;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// Pure: finds an engine pod that cannot start serving from its container statuses, and words it for the Degraded
/// condition. The engine writes its startup error to /dev/termination-log; the kubelet copies it (or, with
/// FallbackToLogsOnError, the log's tail) into the container's terminated state. The download init container is
/// looked at first: while it fails, the engine never runs.
/// </summary>
public static class EngineStartFailures
{
    /// <summary>Most characters of the container's text a condition message carries; longer text keeps its start and its end.</summary>
    public const int MaxTextChars = 1024;

    private const int HeadChars = 320;

    private static readonly HashSet<string> ConfigErrors = new(StringComparer.Ordinal) { "CreateContainerConfigError", "CreateContainerError", "RunContainerError" };

    private static readonly HashSet<string> ImageErrors = new(StringComparer.Ordinal) { "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull" };

    /// <summary>
    /// The first pod, by name, not being deleted, whose download or engine container is not ready and either waits on a
    /// config or image error, or is terminated with a non-zero exit code now or was last time (waiting in CrashLoopBackOff,
    /// or running again but not ready); null when there is none. A ready container is never a failure, whatever its last state.
    /// </summary>
    public static EngineStartFailure? Find(IEnumerable<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null && p.Metadata.Name is not null)
                     .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var download = pod.Status?.InitContainerStatuses?.FirstOrDefault(c => c.Name == ModelVolumes.DownloadContainerName);
            var engine = pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == PodTemplateBuilder.EngineContainerName);
            foreach (var container in new[] { download, engine })
            {
                if (container is not null && Failure(pod.Metadata.Name!, container) is { } failure)
                {
                    return failure;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The Degraded message: container, pod, exit code and text. It names no restart count or current state, so a crash
    /// loop repeating the same error keeps one message (and so one Event).
    /// </summary>
    public static string Message(EngineStartFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var what = failure.ContainerName == ModelVolumes.DownloadContainerName ? "the model download" : "the engine";
        return failure.ExitCode is { } code
            ? string.Create(CultureInfo.InvariantCulture,
                $"{what} in pod {failure.PodName} exited with code {code} and is restarted in a loop until the cause is fixed: {failure.Text}")
            : $"{what} in pod {failure.PodName} cannot start: {failure.Text}";
    }

    /// <summary><paramref name="text"/> trimmed; beyond <see cref="MaxTextChars"/>, its first part and its last part around " … ".</summary>
    public static string Clip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length <= MaxTextChars)
        {
            return trimmed;
        }

        const string gap = " … ";
        return string.Concat(trimmed.AsSpan(0, HeadChars), gap, trimmed.AsSpan(trimmed.Length - (MaxTextChars - HeadChars - gap.Length)));
    }

    private static EngineStartFailure? Failure(string pod, V1ContainerStatus container)
    {
        if (container.Ready)
        {
            return null;
        }

        if (Waiting(container.State) is { } waiting)
        {
            if (ConfigErrors.Contains(waiting.Reason))
            {
                return new EngineStartFailure(pod, container.Name, null, Clip($"{waiting.Reason}: {waiting.Message}"));
            }

            if (ImageErrors.Contains(waiting.Reason))
            {
                // The kubelet alternates ErrImagePull and ImagePullBackOff with different texts: one wording for both.
                return new EngineStartFailure(pod, container.Name, null,
                    $"its image {container.Image ?? "(unknown)"} cannot be pulled (check the image name and the pull secrets)");
            }
        }

        return (Terminated(container.State) ?? Terminated(container.LastState)) is { ExitCode: not 0 } failure
            ? new EngineStartFailure(pod, container.Name, failure.ExitCode, Clip(failure.Text))
            : null;
    }

    private static (string Reason, string Message)? Waiting(V1ContainerState? state) =>
        state?.Waiting is { } waiting ? (waiting.Reason ?? "", waiting.Message ?? "") : null;

    private static (int ExitCode, string Text)? Terminated(V1ContainerState? state)
    {
        if (state?.Terminated is not { } terminated)
        {
            return null;
        }

        var message = terminated.Message;
        var reason = terminated.Reason;
        var text = !string.IsNullOrWhiteSpace(message) ? message : reason is { Length: > 0 } ? $"{reason} (no termination message)" : "no termination message";
        return (terminated.ExitCode, text);
    }
}
