using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>coordination.k8s.io/v1 LeaseSpec. Times are MicroTime (microsecond RFC 3339).</summary>
public sealed class LeaseSpec
{
    public string? HolderIdentity { get; set; }

    public int? LeaseDurationSeconds { get; set; }

    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; set; }

    public int? LeaseTransitions { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
