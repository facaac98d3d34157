using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>apps/v1 DeploymentStrategy: type RollingUpdate or Recreate.</summary>
public sealed class DeploymentStrategy
{
    public string? Type { get; set; }

    public RollingUpdateDeployment? RollingUpdate { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
