using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Runtimes;

/// <summary>
/// What the operator needs to know of one engine runtime (spec.engine.runtime): how its levers move, whether it shards a
/// model across GPUs, what memory it keeps for itself, which spec values it can serve, and how its metrics map onto the
/// snapshot the SLO loop reads. Implementations are stateless singletons (<see cref="EngineRuntimeCatalog"/>).
/// </summary>
public interface IEngineRuntime
{
    /// <summary>The spec.engine.runtime value.</summary>
    string Name { get; }

    /// <summary>True when the batch limit changes live through /admin/config; false when it changes by a rolling restart.</summary>
    bool BatchLeverLive { get; }

    /// <summary>True when spec.gpu.count &gt; 1 is served by tensor parallelism inside one replica.</summary>
    bool ShardsAcrossGpus { get; }

    /// <summary>The runtime's memory plan, for the fit preflight.</summary>
    RuntimeMemory Memory { get; }

    /// <summary>Where the snapshot's signals come from in this runtime's /metrics; null for the sluice engine (its own contract).</summary>
    RuntimeMetricNames? Metrics { get; }

    /// <summary>The spec values this runtime cannot serve, each with the field, a reason and what to change; empty when it can.</summary>
    IReadOnlyList<SpecProblem> Validate(LLMDeploymentSpec spec);
}
