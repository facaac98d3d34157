using System.ComponentModel;
using System.Text.Json.Nodes;
using k8s.Models;
using Sluice.Kubernetes.Crds;

namespace Sluice.Kubernetes.Tests.Crds;

/// <summary>What the widget should be.</summary>
public sealed class WidgetSpec
{
    /// <summary>Where the model comes from, e.g. <c>dummy://tiny</c>.</summary>
    [Required]
    [Pattern("^[a-z]+://.+$")]
    public string Model { get; set; } = "";

    /// <summary>Desired number of replicas.</summary>
    [Minimum(0)]
    [Maximum(10)]
    [Default(1)]
    public int? Replicas { get; set; }

    [Description("How big the widget is.")]
    [Default(WidgetSize.Medium)]
    public WidgetSize? Size { get; set; }

    [Length(0, 3)]
    public List<string>? Tags { get; set; }

    [Length(1, 20)]
    public string? Owner { get; set; }

    public Dictionary<string, string>? Selector { get; set; }

    public IntOrString? Port { get; set; }

    public WidgetLimits? Limits { get; set; }

    /// <summary>Free-form settings kept as given.</summary>
    [PreserveUnknownFields]
    public JsonObject? Extra { get; set; }
}
