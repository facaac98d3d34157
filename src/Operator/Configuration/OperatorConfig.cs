using Sluice.Controllers.Desired;
using Sluice.Entities.Catalog;

namespace Sluice.Operator.Configuration;

/// <summary>
/// The operator's configuration, bound from the section <c>Sluice</c> of an optional JSON file (--config)
/// and environment variables prefixed <c>SLUICE_</c> (e.g. <c>SLUICE_Sluice__EngineImage</c>).
/// </summary>
public sealed class OperatorConfig
{
    public const string Section = "Sluice";

    /// <summary>Default image of <c>sluice-engine</c> (spec.engine.image overrides it).</summary>
    public string EngineImage { get; set; } = "ghcr.io/sluice-dev/sluice-engine:latest";

    /// <summary>The model cache hf://, s3:// and oci:// models are fetched into (chart value <c>modelCache</c>).</summary>
    public ModelCacheSettings ModelCache { get; set; } = new();

    /// <summary>Namespaces to watch; empty watches all namespaces.</summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>GPU types users may name in spec.gpu.type; empty means the built-in catalog.</summary>
    public List<GpuCatalogEntry> GpuCatalog { get; set; } = [];

    public string ClusterDomain { get; set; } = "cluster.local";

    public LeaderElectionConfig LeaderElection { get; set; } = new();

    /// <summary>Port of /metrics, /healthz and /readyz.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Reconciles running at once (different resources; one resource is never reconciled twice at once).</summary>
    public int Workers { get; set; } = 8;

    /// <summary>Seconds between two SLO control periods of one LLMDeployment.</summary>
    public double SloPeriodSeconds { get; set; } = 5;

    /// <summary>Least seconds between two changes of one tuning lever (the window must see the new setting).</summary>
    public double SloCooldownSeconds { get; set; } = 15;

    /// <summary>Time box of the profiling sweep per deployment (seconds); 0 turns profiling off.</summary>
    public double SloProfilingSeconds { get; set; } = 45;

    /// <summary>Least seconds between two one-replica steps down of one deployment.</summary>
    public double SloScaleDownStepSeconds { get; set; } = 30;

    /// <summary>The configuration under <see cref="Section"/>, or the defaults when the section is absent.</summary>
    public static OperatorConfig From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<OperatorConfig>() ?? new OperatorConfig();

    /// <summary>
    /// <see cref="ModelCache"/> after its checks; throws <see cref="ArgumentException"/> naming the setting for an access mode
    /// other than ReadWriteMany/ReadWriteOnce, an empty claim name or size, or a negative cap, idle time or bandwidth.
    /// </summary>
    public ModelCacheSettings ValidatedModelCache()
    {
        var cache = ModelCache;
        if (cache.AccessMode is not ("ReadWriteMany" or "ReadWriteOnce"))
        {
            throw new ArgumentException($"ModelCache.AccessMode must be ReadWriteMany or ReadWriteOnce, got '{cache.AccessMode}'");
        }

        if (string.IsNullOrWhiteSpace(cache.ClaimName) || string.IsNullOrWhiteSpace(cache.Size))
        {
            throw new ArgumentException("ModelCache.ClaimName and ModelCache.Size must not be empty");
        }

        if (cache.MaxBytes < 0 || cache.EvictMinIdleSeconds < 0 || cache.StartupMarginSeconds < 0 || !(cache.AssumedLoadBytesPerSecond > 0))
        {
            throw new ArgumentException("ModelCache.MaxBytes, EvictMinIdleSeconds and StartupMarginSeconds must be ≥ 0 and AssumedLoadBytesPerSecond > 0");
        }

        return cache;
    }

    /// <summary><see cref="SloPeriodSeconds"/> as a span; throws <see cref="ArgumentException"/> naming the setting unless it is in (0, 3600].</summary>
    public TimeSpan SloPeriod() => Seconds(SloPeriodSeconds, nameof(SloPeriodSeconds));

    /// <summary><see cref="SloCooldownSeconds"/> as a span; throws <see cref="ArgumentException"/> naming the setting unless it is in (0, 3600].</summary>
    public TimeSpan SloCooldown() => Seconds(SloCooldownSeconds, nameof(SloCooldownSeconds));

    /// <summary><see cref="SloScaleDownStepSeconds"/> as a span; throws <see cref="ArgumentException"/> naming the setting unless it is in (0, 3600].</summary>
    public TimeSpan SloScaleDownStepInterval() => Seconds(SloScaleDownStepSeconds, nameof(SloScaleDownStepSeconds));

    /// <summary><see cref="SloProfilingSeconds"/> as a span; throws <see cref="ArgumentException"/> naming the setting unless it is in [0, 600].</summary>
    public TimeSpan SloProfilingBudget() =>
        SloProfilingSeconds is >= 0 and <= 600
            ? TimeSpan.FromSeconds(SloProfilingSeconds)
            : throw new ArgumentException($"{Section}:{nameof(SloProfilingSeconds)} must be between 0 and 600, got {SloProfilingSeconds}");

    /// <summary>The catalog to resolve spec.gpu.type with; throws <see cref="ArgumentException"/> for a bad entry.</summary>
    public GpuCatalog BuildCatalog() => GpuCatalog.Count == 0 ? Entities.Catalog.GpuCatalog.Default : new GpuCatalog(GpuCatalog);

    private static TimeSpan Seconds(double value, string setting) => value is > 0 and <= 3600
        ? TimeSpan.FromSeconds(value)
        : throw new ArgumentException($"{Section}:{setting} must be in (0, 3600] seconds, got {value}");
}
