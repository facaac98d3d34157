using System.Globalization;
using Sluice.Entities.Model;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Desired;

/// <summary>The <c>sluice-engine serve</c> command line for a spec. Secrets never appear here: the admin token is a file path.</summary>
public static class EngineArgs
{
    public const string ModelsMountPath = "/models";
    public const string AdminTokenDirectory = "/var/run/sluice/admin";
    public const string AdminTokenKey = "token";

    /// <summary>The engine's --model value: the preset URL, where the claim is mounted, or the fetcher's link to the cached revision.</summary>
    public static string ModelArgument(ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind switch
        {
            ModelSourceKind.Dummy => $"dummy://{source.Location}",
            ModelSourceKind.Pvc => source.Path.Length == 0 ? ModelsMountPath : $"{ModelsMountPath}/{source.Path.TrimEnd('/')}",
            _ => ModelVolumes.LinkPath,
        };
    }

    /// <summary>The model id clients send: <c>org/name</c> for hf://, otherwise the short name.</summary>
    public static string ServedModelName(ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind == ModelSourceKind.HuggingFace ? source.Location : source.ShortName;
    }

    /// <summary>The engine flag carrying spec.quantization (always passed, so the engine never falls back to the checkpoint's own format).</summary>
    public const string QuantizationFlag = "--quantization";

    /// <summary>The engine flag carrying spec.kvCacheDtype.</summary>
    public const string KvCacheDtypeFlag = "--kv-cache-dtype";

    /// <summary>
    /// Arguments after the executable: <c>serve --model … --quantization … --kv-cache-dtype … --port …</c> then
    /// spec.engine.extraArgs. The quantization and KV dtype are the spec's, defaults (none, auto) spelled out. The levers
    /// (spec.engine.maxBatchSize, maxRequestRate) are never here: fixed or tuned, they reach the engine through
    /// /admin/config, so editing one does not change the pod template (see SloControl.FixedLevers).
    /// </summary>
    public static List<string> For(LLMDeploymentSpec spec, EngineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);
        var source = ModelSource.Parse(spec.Model.Source);
        var args = new List<string>
        {
            "serve",
            "--model", ModelArgument(source),
            "--served-model-name", ServedModelName(source),
            QuantizationFlag, spec.Quantization ?? Quantizations.None,
            KvCacheDtypeFlag, spec.KvCacheDtype ?? KvCacheDtypes.Auto,
            "--host", "0.0.0.0",
            "--port", Invariant(settings.ApiPort),
            "--admin-token-file", $"{AdminTokenDirectory}/{AdminTokenKey}",
            "--drain-timeout", Invariant(settings.DrainSeconds),
        };
        if (spec.Model.MaxContextLength is { } context)
        {
            args.AddRange(["--max-model-len", Invariant(context)]);
        }

        args.AddRange(spec.Engine?.ExtraArgs ?? []);
        return args;
    }

    /// <summary>The value following the last <paramref name="flag"/> in <paramref name="args"/>, or null (also for <c>--flag=value</c> spelling: the value after '=').</summary>
    public static string? FlagValue(IList<string>? args, string flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        string? value = null;
        for (var i = 0; args is not null && i < args.Count; i++)
        {
            if (args[i] == flag && i + 1 < args.Count)
            {
                value = args[i + 1];
            }
            else if (args[i].StartsWith(flag + "=", StringComparison.Ordinal))
            {
                value = args[i][(flag.Length + 1)..];
            }
        }

        return value;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
