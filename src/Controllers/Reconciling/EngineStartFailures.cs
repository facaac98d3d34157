using System.Globalization;
using System.Text.Json;
using Sluice.Controllers.Desired;
using Sluice.Kubernetes.Models;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// Pure: finds an engine that refuses to start from the pods' container statuses, and words it for the Degraded
/// condition. The engine writes its startup error to /dev/termination-log; the kubelet copies it (or, with
/// FallbackToLogsOnError, the log's tail) into the container's terminated state.
/// </summary>
public static class EngineStartFailures
{
    /// <summary>Most characters of the engine's text a condition message carries; longer text keeps its start and its end.</summary>
    public const int MaxTextChars = 1024;

    private const int HeadChars = 320;

    /// <summary>
    /// The first pod, by name, not being deleted, whose engine container is not ready and either is terminated
    /// with a non-zero exit code now or was last time (waiting in CrashLoopBackOff, or running again but not ready);
    /// null when there is none. A ready container is never a failure, whatever its last state.
    /// </summary>
    public static EngineStartFailure? Find(IEnumerable<Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null && p.Metadata.Name is not null)
                     .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var engine = pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == PodTemplateBuilder.EngineContainerName);
            if (engine is null || engine.Ready)
            {
                continue;
            }

            var terminated = Terminated(engine.State) ?? Terminated(engine.ExtensionData?.GetValueOrDefault("lastState"));
            if (terminated is { ExitCode: not 0 } failure)
            {
                return new EngineStartFailure(pod.Metadata.Name!, failure.ExitCode, Clip(failure.Text));
            }
        }

        return null;
    }

    /// <summary>
    /// The Degraded message: pod, exit code and the engine's text. It names no restart count or state, so a crash
    /// loop repeating the same error keeps one message (and so one Event).
    /// </summary>
    public static string Message(EngineStartFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return string.Create(CultureInfo.InvariantCulture,
            $"the engine in pod {failure.PodName} exited with code {failure.ExitCode} and is restarted in a loop until the cause is fixed: {failure.Text}");
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

    private static (int ExitCode, string Text)? Terminated(JsonElement? state)
    {
        if (state is not { ValueKind: JsonValueKind.Object } s || !s.TryGetProperty("terminated", out var terminated) || terminated.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var exitCode = terminated.TryGetProperty("exitCode", out var code) && code.TryGetInt32(out var c) ? c : 0;
        var message = terminated.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var reason = terminated.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var text = !string.IsNullOrWhiteSpace(message) ? message! : reason is { Length: > 0 } ? $"{reason} (no termination message)" : "no termination message";
        return (exitCode, text);
    }
}
