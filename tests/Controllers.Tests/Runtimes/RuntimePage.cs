namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>What the fake runtime answers on its metrics path.</summary>
internal enum RuntimePage
{
    /// <summary>Its exposition, following the queueing model.</summary>
    Served,

    /// <summary>404: metrics not turned on (SGLang and LMDeploy without --enable-metrics, TensorRT-LLM without return_perf_metrics).</summary>
    Missing,

    /// <summary>Its exposition cut off in the middle of the first sample line.</summary>
    Malformed,
}
