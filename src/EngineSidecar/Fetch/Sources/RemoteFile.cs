namespace Sluice.Engine.Fetch.Sources;

/// <summary>One file of a model at a resolved revision.</summary>
/// <param name="Path">Relative path inside the model directory ('/'-separated, no '..').</param>
/// <param name="SizeBytes">Its size as the source lists it.</param>
/// <param name="Sha256Hex">Lower-case sha256 when the source gives one (HF LFS oid, OCI layer digest), else null.</param>
/// <param name="Md5Hex">Lower-case MD5 when the source gives one (an S3 ETag of a single-part upload), else null.</param>
/// <param name="Locator">What the source needs to fetch it (HF: the path; S3: the key; OCI: the blob digest).</param>
public sealed record RemoteFile(string Path, long SizeBytes, string? Sha256Hex, string? Md5Hex, string Locator)
{
    /// <summary>True when <paramref name="path"/> is a safe relative path: no empty, '.' or '..' segment, not rooted.</summary>
    public static bool IsSafePath(string path) =>
        !string.IsNullOrEmpty(path) && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal)
        && path.Split('/').All(s => s.Length > 0 && s != "." && s != "..");
}
