using Sluice.Controllers.Desired;
using Sluice.Entities.Catalog;

namespace Sluice.Controllers.Reconciling;

/// <summary>What the LLMDeployment reconciler needs from the operator's configuration.</summary>
public sealed class ReconcilerOptions
{
    public GpuCatalog Catalog { get; init; } = GpuCatalog.Default;

    public EngineSettings Engine { get; init; } = new();

    /// <summary>Server-side apply field manager of every child the operator writes.</summary>
    public string FieldManager { get; init; } = "sluice-operator";
}
