using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Kubernetes.Models;

/// <summary>core/v1 Probe with an HTTP GET handler.</summary>
public sealed class Probe
{
    public HttpGetAction? HttpGet { get; set; }

    public int? InitialDelaySeconds { get; set; }

    public int? PeriodSeconds { get; set; }

    public int? TimeoutSeconds { get; set; }

    public int? SuccessThreshold { get; set; }

    public int? FailureThreshold { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
