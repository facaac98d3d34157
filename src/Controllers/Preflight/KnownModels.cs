using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Entities.Model;

namespace Sluice.Controllers.Preflight;

/// <summary>
/// Shapes of the models Sluice knows (the engine's dummy presets and their Hugging Face originals); for other
/// repositories the parameter count is read from a "7b"/"70B"/"0.5b" token in the name when there is one.
/// </summary>
public static partial class KnownModels
{
    private static readonly ModelShape[] Shapes =
    [
        new("llama-3-8b", 8.03e9, 32, 8, 128, 8192),
        new("llama-3-70b", 70.6e9, 80, 8, 128, 8192),
        new("qwen2.5-7b", 7.62e9, 28, 4, 128, 32768),
        new("mistral-7b", 7.24e9, 32, 8, 128, 32768),
        new("phi-3-mini", 3.82e9, 32, 32, 96, 4096),
        new("tiny", 2.0e6, 2, 2, 16, 512),
    ];

    [GeneratedRegex(@"(?:^|[-_])(\d+(?:\.\d+)?)b(?:$|[-_])", RegexOptions.CultureInvariant)]
    private static partial Regex BillionsToken();

    /// <summary>The shape of <paramref name="source"/>, or null when nothing is known about its size.</summary>
    public static ModelShape? Find(ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var name = Normalize(source.ShortName);
        foreach (var shape in Shapes)
        {
            if (name == shape.Name || (source.Kind != ModelSourceKind.Dummy && name.StartsWith(shape.Name + "-", StringComparison.Ordinal)))
            {
                return shape;
            }
        }

        var match = BillionsToken().Match(name);
        return match.Success
            ? new ModelShape(name, double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1e9, 0, 0, 0, 0)
            : null;
    }

    /// <summary>Lower case; "meta-llama-3.1-8b-instruct" and "Meta-Llama-3-8B" both become "llama-3-8b…".</summary>
    private static string Normalize(string name)
    {
        var n = name.ToLowerInvariant();
        n = n.StartsWith("meta-", StringComparison.Ordinal) ? n[5..] : n;
        n = LlamaMinor().Replace(n, "llama-3-");
        return n;
    }

    [GeneratedRegex(@"^llama-3\.\d-", RegexOptions.CultureInvariant)]
    private static partial Regex LlamaMinor();
}
