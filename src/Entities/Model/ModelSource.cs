using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Sluice.Entities.Model;

/// <summary>
/// A parsed spec.model.source: <c>hf://org/name</c>, <c>s3://bucket/prefix</c>, <c>oci://registry/repository:tag</c>
/// (or <c>@sha256:…</c>), <c>pvc://claim/path/in/volume</c> or <c>dummy://preset</c>.
/// </summary>
/// <param name="Kind">The scheme.</param>
/// <param name="Location">hf: <c>org/name</c>; s3: the bucket; oci: <c>registry/repository</c>; pvc: the claim name; dummy: the preset.</param>
/// <param name="Path">pvc: the directory inside the volume; s3: the key prefix; oci: <c>:tag</c> or <c>@digest</c> as written; may be empty; otherwise empty.</param>
public sealed partial record ModelSource(ModelSourceKind Kind, string Location, string Path)
{
    /// <summary>The schema pattern every accepted source matches.</summary>
    public const string Pattern =
        @"^(hf://[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*"
        + @"|s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9!_.*'()-]+)*/?"
        + @"|oci://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}|@sha256:[a-f0-9]{64})?"
        + @"|pvc://[a-z0-9]([-a-z0-9.]*[a-z0-9])?(/[A-Za-z0-9._/-]*)?|dummy://[a-z0-9][a-z0-9.-]*)$";

    /// <summary>The accepted forms in words, for error messages.</summary>
    public const string Forms = "hf://org/name, s3://bucket/prefix, oci://registry/repository:tag, pvc://claim/path or dummy://preset";

    /// <summary>True for sources the init container fetches into the model cache (hf, s3, oci).</summary>
    public bool IsDownloaded => Kind is ModelSourceKind.HuggingFace or ModelSourceKind.S3 or ModelSourceKind.Oci;

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    /// <summary>The model's short name: the hf repository name, the last path segment (pvc, s3 prefix, oci repository), or the preset.</summary>
    public string ShortName => Kind switch
    {
        ModelSourceKind.HuggingFace => Location[(Location.IndexOf('/', StringComparison.Ordinal) + 1)..],
        ModelSourceKind.S3 => Path.TrimEnd('/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? Location,
        ModelSourceKind.Oci => Location[(Location.LastIndexOf('/') + 1)..],
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
            "s3" => rest.IndexOf('/', StringComparison.Ordinal) is var cut and >= 0
                ? new ModelSource(ModelSourceKind.S3, rest[..cut], rest[(cut + 1)..])
                : new ModelSource(ModelSourceKind.S3, rest, string.Empty),
            "oci" => OciParts(rest),
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
            : throw new FormatException($"'{text}' is not a model source; expected {Forms}");

    // registry[:port]/repository[:tag|@digest]: the reference starts at '@' or at the last ':' after the first '/'.
    private static ModelSource OciParts(string rest)
    {
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var colon = rest.LastIndexOf(':');
        var cut = at >= 0 ? at : colon > slash ? colon : -1;
        return cut < 0 ? new ModelSource(ModelSourceKind.Oci, rest, string.Empty) : new ModelSource(ModelSourceKind.Oci, rest[..cut], rest[cut..]);
    }
}
