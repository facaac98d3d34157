using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Sluice.Entities.Model;

/// <summary>
/// A parsed spec.model.source: <c>hf://org/name</c>, <c>pvc://claim/path/in/volume</c> or <c>dummy://preset</c>.
/// </summary>
/// <param name="Kind">The scheme.</param>
/// <param name="Location">hf: <c>org/name</c>; pvc: the claim name; dummy: the preset.</param>
/// <param name="Path">pvc only: the directory inside the volume (may be empty); otherwise empty.</param>
public sealed partial record ModelSource(ModelSourceKind Kind, string Location, string Path)
{
    /// <summary>The schema pattern every accepted source matches.</summary>
    public const string Pattern =
        @"^(hf://[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*|pvc://[a-z0-9]([-a-z0-9.]*[a-z0-9])?(/[A-Za-z0-9._/-]*)?|dummy://[a-z0-9][a-z0-9.-]*)$";

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    /// <summary>The model's short name: the hf repository name, the last path segment, or the preset.</summary>
    public string ShortName => Kind switch
    {
        ModelSourceKind.HuggingFace => Location[(Location.IndexOf('/', StringComparison.Ordinal) + 1)..],
        ModelSourceKind.Pvc => Path.TrimEnd('/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? Location,
        _ => Location,
    };

    /// <summary>Parses <paramref name="text"/>; false when it does not match <see cref="Pattern"/>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ModelSource? source)
    {
        source = null;
        if (string.IsNullOrEmpty(text) || !Whole().IsMatch(text))
        {
            return false;
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var rest = text[(schemeEnd + 3)..];
        source = text[..schemeEnd] switch
        {
            "hf" => new ModelSource(ModelSourceKind.HuggingFace, rest, string.Empty),
            "pvc" => rest.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0
                ? new ModelSource(ModelSourceKind.Pvc, rest[..slash], rest[(slash + 1)..])
                : new ModelSource(ModelSourceKind.Pvc, rest, string.Empty),
            _ => new ModelSource(ModelSourceKind.Dummy, rest, string.Empty),
        };
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> naming the value and the accepted forms.</summary>
    public static ModelSource Parse(string text) =>
        TryParse(text, out var source)
            ? source
            : throw new FormatException($"'{text}' is not a model source; expected hf://org/name, pvc://claim/path or dummy://preset");
}
