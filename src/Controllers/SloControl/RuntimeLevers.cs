using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Controllers.Runtimes;
using Sluice.Controllers.Slo;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.SloControl;

/// <summary>
/// Pure: how one control period may move the levers of a deployment's runtime, and status.runtime after it. For a proxied
/// runtime the batch lever is a rolling restart: the tuner may move it only when every pod already runs the limit in force
/// (the previous restart rolled out) and at least <see cref="SloControlOptions.BatchRestartInterval"/> passed since the last
/// one; otherwise the batch bound is pinned to the limit in force. The rate lever stays live (the admission proxy).
/// </summary>
public sealed record RuntimeLevers(IEngineRuntime Runtime, int CurrentBatch, bool RestartAllowed, bool BatchFixed, bool RateFixed)
{
    public const string Live = "live";
    public const string Restart = "restart";
    public const string Proxy = "proxy";
    public const string Fixed = "fixed";

    /// <summary>The levers of <paramref name="resource"/> given its engine pods as listed now.</summary>
    public static RuntimeLevers For(LLMDeployment resource, IEngineRuntime runtime, IEnumerable<V1Pod> pods, DateTimeOffset now, SloControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(options);
        var spec = resource.Spec;
        var batchFixed = EngineKnob.FixedValue(spec.Engine?.MaxBatchSize) is not null;
        var rateFixed = EngineKnob.FixedValue(spec.Engine?.MaxRequestRate) is > 0;
        if (runtime is not IProxiedRuntime proxied)
        {
            return new RuntimeLevers(runtime, 0, RestartAllowed: false, batchFixed, rateFixed);
        }

        var current = RuntimeBatchLimit.For(spec, resource.Status);
        var rolledOut = pods.Where(p => p.Metadata.DeletionTimestamp is null).All(p =>
            EngineArgs.FlagValue(p.Spec?.Containers.FirstOrDefault(c => c.Name == PodTemplateBuilder.EngineContainerName)?.Args, proxied.BatchLimitFlag)
                == current.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var last = resource.Status?.Runtime?.Name == runtime.Name ? resource.Status.Runtime.LastRestartTime : null;
        var rested = last is not { } at || now - at >= options.BatchRestartInterval;
        return new RuntimeLevers(runtime, current, !batchFixed && rolledOut && rested, batchFixed, rateFixed);
    }

    /// <summary>The tuner's bounds: the batch pinned to the limit in force while a restart is not allowed (restart lever only).</summary>
    public LeverBounds Bounds(LeverBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        return Runtime.BatchLeverLive || RestartAllowed ? bounds : bounds with { MinBatchSize = CurrentBatch, MaxBatchSize = CurrentBatch };
    }

    /// <summary>The levers in force: the batch the pods run for the restart lever, <paramref name="start"/> otherwise.</summary>
    public TuningPoint Start(TuningPoint start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return Runtime.BatchLeverLive ? start : start with { MaxBatchSize = CurrentBatch };
    }

    /// <summary>True when <paramref name="point"/> asks for a rolling restart (the restart lever moved).</summary>
    public bool RestartDecided(TuningPoint point) => !Runtime.BatchLeverLive && point.MaxBatchSize != CurrentBatch;

    /// <summary>status.runtime after a period that ended at <paramref name="point"/> with <paramref name="metricsProblems"/>.</summary>
    public RuntimeStatus Status(RuntimeStatus? previous, TuningPoint point, IReadOnlyList<string>? metricsProblems, long? generation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(point);
        var sameRuntime = previous?.Name == Runtime.Name;
        return new RuntimeStatus
        {
            Name = Runtime.Name,
            BatchLever = BatchFixed ? Fixed : Runtime.BatchLeverLive ? Live : Restart,
            RateLever = RateFixed ? Fixed : Runtime.BatchLeverLive ? Live : Proxy,
            MaxBatchSize = Runtime.BatchLeverLive ? null : point.MaxBatchSize,
            LastRestartTime = RestartDecided(point) ? now : sameRuntime ? previous!.LastRestartTime : null,
            MetricsProblem = metricsProblems is { Count: > 0 } ? Shorten(string.Join("; ", metricsProblems)) : null,
            ObservedGeneration = generation,
        };
    }

    private static string Shorten(string text) => text.Length <= 1024 ? text : text[..1024] + "…";
}
