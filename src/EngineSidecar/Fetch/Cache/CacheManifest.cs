namespace Sluice.Engine.Fetch.Cache;

/// <summary>What a complete cache entry holds, written last (its presence marks the entry complete).</summary>
/// <param name="Source">The source as given (canonical spelling).</param>
/// <param name="Revision">The resolved revision.</param>
/// <param name="Files">Every file with its size and sha256 (computed while downloading).</param>
public sealed record CacheManifest(string Source, string Revision, List<CachedFile> Files)
{
    /// <summary>Bytes of all files.</summary>
    public long TotalBytes => Files.Sum(f => f.SizeBytes);
}

/// <summary>One file of a cache entry.</summary>
public sealed record CachedFile(string Path, long SizeBytes, string Sha256);
