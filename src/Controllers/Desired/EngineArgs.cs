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
    public const string ConfigDirectory = "/etc/sluice";

    /// <summary>The engine's --model value: the preset URL, or where the weights are mounted.</summary>
    public static string ModelArgument(ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind switch
        {
            ModelSourceKind.Dummy => $"dummy://{source.Location}",
            ModelSourceKind.Pvc => source.Path.Length == 0 ? ModelsMountPath : $"{ModelsMountPath}/{source.Path.TrimEnd('/')}",
            _ => $"{ModelsMountPath}/{source.Location}",
        };
    }

    /// <summary>The model id clients send: <c>org/name</c> for hf://, otherwise the short name.</summary>
    public static string ServedModelName(ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind == ModelSourceKind.HuggingFace ? source.Location : source.ShortName;
    }

    /// <summary>Arguments after the executable: <c>serve --model … --port …</c> then spec.engine.extraArgs.</summary>
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
            "--host", "0.0.0.0",
            "--port", Invariant(settings.ApiPort),
            "--admin-token-file", $"{AdminTokenDirectory}/{AdminTokenKey}",
            "--drain-timeout", Invariant(settings.DrainSeconds),
        };
        if (EngineKnob.FixedValue(spec.Engine?.MaxBatchSize) is { } batch)
        {
            args.AddRange(["--max-batch-size", Invariant((int)Math.Max(1, Math.Round(batch)))]);
        }

        if (EngineKnob.FixedValue(spec.Engine?.MaxRequestRate) is { } rate)
        {
            args.AddRange(["--max-request-rate", rate.ToString(CultureInfo.InvariantCulture)]);
        }

        if (spec.Model.MaxContextLength is { } context)
        {
            args.AddRange(["--max-model-len", Invariant(context)]);
        }

        args.AddRange(spec.Engine?.ExtraArgs ?? []);
        return args;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
