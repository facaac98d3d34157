using System.Globalization;
using k8s.Models;
using Sluice.Contracts.Fetch;
using Sluice.Controllers.Desired;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.SloControl;
using Sluice.Entities.Model;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Reconciling;

/// <summary>
/// Model delivery as the reconciler reports it: reads the progress of the fetch init containers that run (from the
/// pod IP, see <see cref="FetchProgressClient"/>), turns a fetcher that keeps retrying into a Degraded problem naming the
/// cause, and writes status.model and the ModelReady condition. Progress in status changes at most every
/// <see cref="StatusInterval"/>, so the status writes a download causes stay few.
/// </summary>
public static class ModelDelivery
{
    /// <summary>Least time between two progress updates of status.model while the phase stays the same.</summary>
    public static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(5);

    /// <summary>What <paramref name="pods"/> show: delivered, or the most advanced running fetcher's report.</summary>
    public static async Task<ModelObservation> ObserveAsync(LLMDeploymentSpec spec, IReadOnlyList<V1Pod> pods, FetchProgressClient client, int apiPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(client);
        if (!ModelSource.TryParse(spec.Model.Source, out var source) || !source.IsDownloaded)
        {
            return ModelObservation.NoDownload;
        }

        var live = pods.Where(p => p.Metadata.DeletionTimestamp is null && p.Metadata.Name is not null).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();
        if (live.Any(Finished))
        {
            return new ModelObservation(true, true, null, null);
        }

        var fetching = live.Where(FetcherRunning).ToList();
        var reports = await Task.WhenAll(fetching.Select(async pod =>
            (Pod: pod.Metadata.Name!, Report: EnginePods.BaseUrlOf(pod, apiPort) is { } url ? await client.TryReadAsync(url, cancellationToken).ConfigureAwait(false) : null)))
            .ConfigureAwait(false);
        var best = reports.Where(r => r.Report is not null).OrderByDescending(r => r.Report!.DownloadedBytes).ThenBy(r => r.Pod, StringComparer.Ordinal).FirstOrDefault();
        return new ModelObservation(true, false, best.Report, best.Pod, fetching.Count > 0);
    }

    /// <summary>A fetcher that keeps failing (state Retrying) as a Degraded problem; its message names no attempt count, so repeats are one Event.</summary>
    public static SpecProblem? Problem(ModelObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return observation is { Delivered: false, Report: { State: FetchStates.Retrying } report }
            ? new SpecProblem("spec.model", ModelDeliveryReasons.Of(report.ErrorKind),
                $"the model fetch in pod {observation.ReportPod} fails and is retried with backoff until the cause is fixed: {report.ErrorKind}: {report.Message}")
            : null;
    }

    /// <summary>
    /// <paramref name="status"/> with status.model and ModelReady from <paramref name="observation"/>; <paramref name="failure"/> is a
    /// fetch container that exited non-zero (from the pods' statuses), which makes ModelReady False with its reason.
    /// </summary>
    public static LLMDeploymentStatus Apply(LLMDeploymentStatus status, ModelObservation observation, SpecProblem? failure, long? generation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(observation);
        if (!observation.NeedsDownload)
        {
            status.Model = null;
            status.Conditions = ConditionSet.Set(status.Conditions, ConditionTypes.ModelReady, true, ConditionReasons.NoDownload, "the source needs no download", generation, now);
            return status;
        }

        status.Model = Throttled(status.Model, observation, now);
        var model = status.Model;
        status.Conditions = observation switch
        {
            { Delivered: true } => ConditionSet.Set(status.Conditions, ConditionTypes.ModelReady, true, ConditionReasons.ModelCached,
                "the model is in the cache, verified" + (model?.Revision is { } r ? $" (revision {r})" : ""), generation, now),
            _ when (failure ?? Problem(observation)) is { } problem => ConditionSet.Set(status.Conditions, ConditionTypes.ModelReady, false, problem.Reason, problem.Message, generation, now),
            { Report: not null } => ConditionSet.Set(status.Conditions, ConditionTypes.ModelReady, false, ConditionReasons.ModelDownloading, Words(model!), generation, now),
            _ => ConditionSet.Set(status.Conditions, ConditionTypes.ModelReady, ConditionSet.Find(status.Conditions, ConditionTypes.ModelReady)?.Status == "True",
                ConditionReasons.ModelPending, "no engine pod is fetching the model right now", generation, now),
        };
        return status;
    }

    /// <summary>The progress in words, e.g. "Downloading in pod p: 1.20 of 16.07 GB, 350.0 MB/s, ETA 42 s".</summary>
    public static string Words(ModelStatus model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var eta = model.EtaSeconds is { } seconds ? $", ETA {seconds:0} s" : "";
        var waiting = model.Phase == FetchStates.Waiting ? " (another pod downloads this revision)" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{model.Phase} in pod {model.Pod}{waiting}: {(model.DownloadedBytes ?? 0) / 1e9:0.00} of {(model.TotalBytes ?? 0) / 1e9:0.00} GB, {(model.BytesPerSecond ?? 0) / 1e6:0.0} MB/s{eta}");
    }

    private static ModelStatus? Throttled(ModelStatus? previous, ModelObservation observation, DateTimeOffset now)
    {
        if (observation.Delivered)
        {
            return previous is null ? null : new ModelStatus
            {
                Phase = FetchStates.Ready,
                Revision = previous.Revision,
                Pod = previous.Pod,
                DownloadedBytes = previous.TotalBytes,
                TotalBytes = previous.TotalBytes,
                UpdatedAt = previous.Phase == FetchStates.Ready ? previous.UpdatedAt : Stamp(now),
            };
        }

        if (observation.Report is not { } report)
        {
            return previous;
        }

        var recent = previous?.UpdatedAt is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && now - at < StatusInterval;
        return recent && previous!.Phase == report.State && previous.Pod == observation.ReportPod
            ? previous
            : new ModelStatus
            {
                Phase = report.State,
                Revision = report.Revision,
                Pod = observation.ReportPod,
                DownloadedBytes = report.DownloadedBytes,
                TotalBytes = report.TotalBytes,
                BytesPerSecond = Math.Round(report.BytesPerSecond),
                EtaSeconds = report.EtaSeconds is { } eta ? Math.Round(eta) : null,
                UpdatedAt = Stamp(now),
            };
    }

    private static string Stamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    // The fetch container ended with 0, or the engine container runs (its init containers all succeeded).
    private static bool Finished(V1Pod pod) =>
        InitState(pod)?.Terminated is { ExitCode: 0 }
        || pod.Status?.ContainerStatuses?.Any(c => c.Name == PodTemplateBuilder.EngineContainerName && c.State?.Running is not null) == true;

    private static bool FetcherRunning(V1Pod pod) => InitState(pod)?.Running is not null;

    private static V1ContainerState? InitState(V1Pod pod) =>
        pod.Status?.InitContainerStatuses?.FirstOrDefault(c => c.Name == ModelVolumes.DownloadContainerName)?.State;
}
