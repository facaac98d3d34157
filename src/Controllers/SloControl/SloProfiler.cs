using System.Globalization;
using Sluice.Controllers.Desired;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Slo;
using Sluice.Entities.Model;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.SloControl;

/// <summary>
/// Decides when a deployment needs a profiling sweep and turns the sweep's result into status.tuning and an
/// Event message. A sweep runs once per spec generation, against one ready pod, when both levers are
/// <c>auto</c> (a number the user fixed is never overridden, not even briefly) and profiling is enabled. The
/// sweep's largest batch is what the pod's KV cache holds at the workload's lengths (<see cref="ProfilingBatchBound"/>),
/// read from its <c>sluice_kv_cache_capacity_tokens</c> gauge just before the sweep.
/// </summary>
public sealed class SloProfiler(ProfilingSweep sweep, EngineMetricsScraper scraper, SloControlOptions options)
{
    public const string ProfiledReason = "Profiled";
    public const string ProfilingFailedReason = "ProfilingFailed";

    /// <summary>True when <paramref name="resource"/>'s current generation has not been profiled and it may be.</summary>
    public bool Needed(LLMDeployment resource, LeverBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(bounds);
        return options.ProfilingBudget > TimeSpan.Zero && !bounds.BatchFixed && !bounds.RateFixed &&
               resource.Status?.Tuning?.ProfiledGeneration != resource.Metadata.Generation;
    }

    /// <summary>
    /// Profiles <paramref name="pod"/> and returns the tuning status to write (with the generation profiled), the
    /// starting point, and the Event (type, reason, message). A sweep that cannot measure anything yields a
    /// Warning and keeps the current levers; the generation still counts as profiled so it is not retried every period.
    /// </summary>
    public async Task<(TuningStatus Tuning, TuningPoint Point, string EventType, string Reason, string Message)> ProfileAsync(
        LLMDeployment resource, EnginePod pod, string adminToken, SloTargets targets, LeverBounds bounds, TuningPoint current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(pod);
        var generation = resource.Metadata.Generation;
        try
        {
            var inputTokens = resource.Spec.Workload?.InputTokens ?? options.DefaultWorkloadTokens;
            var outputTokens = resource.Spec.Workload?.OutputTokens ?? options.DefaultWorkloadTokens;
            var capacity = await KvCapacityTokensAsync(pod, cancellationToken).ConfigureAwait(false);
            var (maxBatch, bound) = ProfilingBatchBound.Largest(capacity, inputTokens, outputTokens, options.ProfilingMaxBatchSize, bounds.MaxBatchSize);
            var workload = new ProfilingWorkload(
                EngineArgs.ServedModelName(ModelSource.Parse(resource.Spec.Model.Source)), inputTokens, outputTokens, maxBatch, options.ProfilingBudget);
            var result = await sweep.RunAsync(pod.BaseUrl, adminToken, workload, targets, options.ProfilingSafetyMargin, cancellationToken).ConfigureAwait(false);
            var tuning = new TuningStatus
            {
                MaxBatchSize = result.Chosen.MaxBatchSize,
                MaxRequestRate = result.Chosen.MaxRequestRatePerSecond,
                ProfiledGeneration = generation,
                Curve = result.Curve.Select(p => new TuningCurvePoint
                {
                    MaxBatchSize = p.MaxBatchSize,
                    RequestRate = p.RequestRatePerSecond,
                    TokensPerSecond = Math.Round(p.OutputTokensPerSecond, 2),
                    TtftSeconds = Math.Round(p.TtftSeconds, 5),
                    TpotSeconds = Math.Round(p.TpotSeconds, 5),
                }).ToList(),
            };
            var rate = result.Chosen.MaxRequestRatePerSecond is { } r ? r.ToString("0.###", CultureInfo.InvariantCulture) + " req/s" : "unlimited";
            var message = $"profiled {pod.Name} at {workload.InputTokens}→{workload.OutputTokens} tokens over {result.Curve.Count} points " +
                          $"(batches up to {maxBatch}: {bound}): " +
                          $"maxBatchSize {result.Chosen.MaxBatchSize}, maxRequestRate {rate}" +
                          (result.MeetsSlo ? string.Empty : "; the SLO is not met even at the smallest setting (consider a larger GPU, more GPUs or quantization)");
            return (tuning, result.Chosen, result.MeetsSlo ? "Normal" : "Warning", ProfiledReason, message);
        }
        catch (Exception ex) when (ex is EngineApiException or InvalidOperationException or ArgumentException)
        {
            var tuning = new TuningStatus
            {
                MaxBatchSize = current.MaxBatchSize,
                MaxRequestRate = current.MaxRequestRatePerSecond,
                Curve = resource.Status?.Tuning?.Curve,
                ProfiledGeneration = generation,
            };
            return (tuning, current, "Warning", ProfilingFailedReason, $"profiling {pod.Name} failed: {ex.Message}");
        }
    }

    /// <summary>The pod's KV capacity in tokens, or null when it exports none or cannot be scraped (the sweep then keeps its default bound).</summary>
    private async Task<double?> KvCapacityTokensAsync(EnginePod pod, CancellationToken cancellationToken)
    {
        try
        {
            return (await scraper.ScrapeAsync(pod.BaseUrl, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false)).KvCacheCapacityTokens;
        }
        catch (EngineApiException)
        {
            return null;
        }
    }
}
