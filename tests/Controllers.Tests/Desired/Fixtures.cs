using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Entities.Catalog;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Tests.Desired;

/// <summary>Builds LLMDeployments and builder inputs for the table-driven tests.</summary>
internal static class Fixtures
{
    public static LLMDeployment Resource(string source = "dummy://tiny", string? gpuType = null, int gpuCount = 1, Action<LLMDeploymentSpec>? edit = null)
    {
        var resource = new LLMDeployment
        {
            Metadata = new V1ObjectMeta { Name = "chat", NamespaceProperty = "ml", Uid = "uid-1", Generation = 3 },
            Spec = new LLMDeploymentSpec
            {
                Model = new ModelSpec { Source = source },
                Gpu = gpuType is null ? null : new GpuSpec { Type = gpuType, Count = gpuCount },
            },
        };
        edit?.Invoke(resource.Spec);
        return resource;
    }

    public static DesiredInput Input(LLMDeployment resource, int replicas = 1)
    {
        GpuCatalogEntry? gpu = null;
        if (resource.Spec.Gpu is { } g)
        {
            GpuCatalog.Default.TryFind(g.Type, out gpu);
        }

        return new DesiredInput(resource, gpu, new EngineSettings { Image = "registry/engine:1" }, replicas);
    }
}
