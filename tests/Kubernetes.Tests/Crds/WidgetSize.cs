using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Tests.Crds;

/// <summary>Sizes with explicit JSON names.</summary>
public enum WidgetSize
{
    [JsonStringEnumMemberName("small")]
    Small,

    [JsonStringEnumMemberName("medium")]
    Medium,

    [JsonStringEnumMemberName("extra-large")]
    ExtraLarge,
}
