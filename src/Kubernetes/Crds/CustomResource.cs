using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Sluice.Kubernetes.Crds;

/// <summary>
/// Base for custom resource classes: apiVersion, kind, metadata, a spec and an optional status, on the package's
/// object interfaces so informers, the client and helpers treat them like built-in kinds. Set apiVersion and kind in
/// the derived class's constructor (list items arrive without them), and mark it with <see cref="EntityAttribute"/>.
/// </summary>
public abstract class CustomResource<TSpec, TStatus> : IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>, IStatus<TStatus?>
    where TSpec : new()
    where TStatus : class
{
    [JsonPropertyName("apiVersion")]
    [JsonPropertyOrder(-3)]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    [JsonPropertyOrder(-2)]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    [JsonPropertyOrder(-1)]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TStatus? Status { get; set; }
}
