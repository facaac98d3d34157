using Sluice.Entities.Catalog;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Desired;

/// <summary>Everything the pure builders read: the resource (with uid), its resolved GPU type, settings and the replica count to run.</summary>
/// <param name="Resource">The LLMDeployment as read from the server (valid spec; the reconciler checks first).</param>
/// <param name="Gpu">The catalog entry of spec.gpu.type, or null for the CPU backend.</param>
/// <param name="Settings">Operator-wide engine settings.</param>
/// <param name="Replicas">Replicas the Deployment should run.</param>
public sealed record DesiredInput(LLMDeployment Resource, GpuCatalogEntry? Gpu, EngineSettings Settings, int Replicas)
{
    public string Name => Resource.Metadata.Name ?? throw new InvalidOperationException("the LLMDeployment has no name");

    public ChildNames Names => ChildNames.For(Name);

    public LLMDeploymentSpec Spec => Resource.Spec;
}
