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
    // The configs of the Hugging Face originals, which the engine's dummy presets copy:
    // name, layers, hidden, intermediate, heads, KV heads, head dim, vocabulary, tied embeddings, max context.
    private static readonly ModelShape[] Shapes =
    [
        new("llama-3-8b", 32, 4096, 14336, 32, 8, 128, 128256, false, 8192),
        new("llama-3-70b", 80, 8192, 28672, 64, 8, 128, 128256, false, 8192),
        new("qwen2.5-7b", 28, 3584, 18944, 28, 4, 128, 152064, false, 32768),
        new("mistral-7b", 32, 4096, 14336, 32, 8, 128, 32000, false, 32768),
        new("phi-3-mini", 32, 3072, 8192, 32, 32, 96, 32064, false, 4096),
        new("tiny", 4, 128, 384, 4, 2, 32, 512, false, 2048),
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
            ? ModelShape.Guessed(name, double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1e9)
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
