using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Entities;
using Sluice.Entities.Model;
using Sluice.Entities.Resources;
using Sluice.Kubernetes.Models;

namespace Sluice.Controllers.Desired;

/// <summary>
/// The engine ConfigMap: <c>engine.json</c> with the resolved spec (model, quantization, knobs, SLOs in
/// seconds), mounted at <see cref="EngineArgs.ConfigDirectory"/>. Its hash goes on the pod template so
/// a change rolls the pods.
/// </summary>
public static class ConfigMapBuilder
{
    public const string FileName = "engine.json";

    public static ConfigMap Build(DesiredInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var source = ModelSource.Parse(spec.Model.Source);
        var config = new JsonObject
        {
            ["model"] = spec.Model.Source,
            ["servedModelName"] = EngineArgs.ServedModelName(source),
            ["revision"] = spec.Model.Revision,
            ["maxContextLength"] = spec.Model.MaxContextLength,
            ["quantization"] = spec.Quantization ?? Quantizations.None,
            ["kvCacheDtype"] = spec.KvCacheDtype ?? KvCacheDtypes.Auto,
            ["gpuType"] = spec.Gpu?.Type,
            ["gpuCount"] = spec.Gpu is null ? 0 : spec.Gpu.Count ?? 1,
            ["maxBatchSize"] = spec.Engine?.MaxBatchSize ?? EngineKnob.Auto,
            ["maxRequestRate"] = spec.Engine?.MaxRequestRate ?? EngineKnob.Auto,
            ["ttftSeconds"] = Seconds(spec.Slo?.Ttft),
            ["tpotSeconds"] = Seconds(spec.Slo?.Tpot),
            ["percentile"] = spec.Slo?.Percentile ?? 95,
        };
        var text = config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return new ConfigMap
        {
            Metadata = Ownership.ChildMeta(input.Resource, input.Names.ConfigMap),
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [FileName] = text },
        };
    }

    /// <summary>First 16 hex digits of the SHA-256 of the ConfigMap's data (keys sorted).</summary>
    public static string Hash(ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        var text = string.Join('\n', (configMap.Data ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static double? Seconds(string? duration) =>
        DurationText.TryParse(duration, out var d) ? Math.Round(d.TotalSeconds, 9, MidpointRounding.ToEven) : null;
}
