namespace Sluice.Contracts.Metrics;

/// <summary>Label names of the Sluice metrics.</summary>
public static class MetricLabels
{
    /// <summary>On <c>sluice_requests_total</c>: one of <see cref="RequestOutcomes.All"/>.</summary>
    public const string Outcome = "outcome";

    /// <summary>On <c>sluice_model_info</c>: the served model id.</summary>
    public const string Model = "model";

    /// <summary>On <c>sluice_model_info</c>: the weight quantization in force (wire names of /v1/models).</summary>
    public const string Quantization = "quantization";

    /// <summary>On <c>sluice_model_info</c>: the KV cache element type in force.</summary>
    public const string KvCacheDtype = "kv_cache_dtype";

    /// <summary>On the operator's reconcile metrics: one of <see cref="ReconcileResults.All"/>.</summary>
    public const string Result = "result";

    /// <summary>The bucket bound label of histogram series (Prometheus' own).</summary>
    public const string Le = "le";
}
