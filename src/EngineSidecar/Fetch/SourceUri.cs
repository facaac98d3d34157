using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Sluice.Engine.Fetch;

/// <summary>
/// A parsed model source as the fetcher reads it: <c>hf://org/repo</c>, <c>s3://bucket/prefix</c>,
/// <c>oci://registry[:port]/repository[:tag|@sha256:digest]</c>, <c>pvc://claim/path</c> or <c>dummy://preset</c>.
/// </summary>
/// <param name="Scheme">hf, s3, oci, pvc or dummy.</param>
/// <param name="Host">hf: the org; s3: the bucket; oci: the registry (with port); pvc: the claim; dummy: the preset.</param>
/// <param name="Path">hf: the repository name; s3: the key prefix (may be empty); oci: the repository; pvc: the directory.</param>
/// <param name="Reference">oci only: the tag or <c>sha256:…</c> digest (default <c>latest</c>); otherwise empty.</param>
public sealed partial record SourceUri(string Scheme, string Host, string Path, string Reference)
{
    [GeneratedRegex(@"^hf://(?<h>[A-Za-z0-9][A-Za-z0-9._-]*)/(?<p>[A-Za-z0-9][A-Za-z0-9._-]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Hf();

    [GeneratedRegex(@"^s3://(?<h>[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/(?<p>[A-Za-z0-9!_.*'()/ -]*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex S3();

    [GeneratedRegex(@"^oci://(?<h>[A-Za-z0-9.-]+(:[0-9]{1,5})?)/(?<p>[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*)(:(?<t>[A-Za-z0-9_][A-Za-z0-9._-]{0,127})|@(?<d>sha256:[a-f0-9]{64}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Oci();

    [GeneratedRegex(@"^(pvc|dummy)://(?<h>[a-z0-9]([-a-z0-9.]*[a-z0-9])?)(/(?<p>[A-Za-z0-9._/-]*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Local();

    /// <summary>True for the sources the fetcher downloads (hf, s3, oci); pvc and dummy need no download.</summary>
    public bool IsRemote => Scheme is "hf" or "s3" or "oci";

    /// <summary>The source in its canonical spelling (the default OCI tag spelled out).</summary>
    public override string ToString() => Scheme switch
    {
        "oci" => Reference.StartsWith("sha256:", StringComparison.Ordinal) ? $"oci://{Host}/{Path}@{Reference}" : $"oci://{Host}/{Path}:{Reference}",
        _ => Path.Length == 0 ? $"{Scheme}://{Host}" : $"{Scheme}://{Host}/{Path}",
    };

    /// <summary>Parses <paramref name="text"/>; false when it is none of the accepted forms.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SourceUri? source)
    {
        source = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (Hf().Match(text) is { Success: true } hf)
        {
            source = new SourceUri("hf", hf.Groups["h"].Value, hf.Groups["p"].Value, "");
        }
        else if (S3().Match(text) is { Success: true } s3 && !s3.Groups["p"].Value.Contains("//", StringComparison.Ordinal))
        {
            source = new SourceUri("s3", s3.Groups["h"].Value, s3.Groups["p"].Value.TrimStart('/'), "");
        }
        else if (Oci().Match(text) is { Success: true } oci)
        {
            var reference = oci.Groups["d"].Success ? oci.Groups["d"].Value : oci.Groups["t"].Success ? oci.Groups["t"].Value : "latest";
            source = new SourceUri("oci", oci.Groups["h"].Value, oci.Groups["p"].Value, reference);
        }
        else if (Local().Match(text) is { Success: true } local)
        {
            source = new SourceUri(text[..text.IndexOf("://", StringComparison.Ordinal)], local.Groups["h"].Value, local.Groups["p"].Value, "");
        }

        return source is not null;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> naming the accepted forms.</summary>
    public static SourceUri Parse(string text) => TryParse(text, out var source)
        ? source
        : throw new FormatException($"'{text}' is not a model source; expected hf://org/repo, s3://bucket/prefix, oci://registry/repository:tag, pvc://claim/path or dummy://preset");
}
