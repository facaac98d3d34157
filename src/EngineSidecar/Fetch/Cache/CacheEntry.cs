namespace Sluice.Engine.Fetch.Cache;

/// <summary>The paths of one model revision in the cache (see <see cref="CacheLayout"/>).</summary>
/// <param name="Directory">The complete entry's directory.</param>
public sealed record CacheEntry(string Directory)
{
    public string PartialDirectory => Directory + ".partial";

    public string LockFile => Directory + ".lock";

    public string ProgressFile => Directory + ".progress.json";

    public string LastUsedFile => Directory + ".last-used";

    public string ManifestFile => Path.Combine(Directory, CacheLayout.ManifestFileName);

    /// <summary>True when the entry is complete (its manifest exists).</summary>
    public bool IsComplete => File.Exists(ManifestFile);

    /// <summary>When the entry was last used (the last-used stamp, else its directory's time); MinValue when absent.</summary>
    public DateTime LastUsedUtc => File.Exists(LastUsedFile)
        ? File.GetLastWriteTimeUtc(LastUsedFile)
        : System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetLastWriteTimeUtc(Directory) : DateTime.MinValue;

    /// <summary>Stamps the entry as used now (creates the stamp when missing).</summary>
    public void Touch()
    {
        using (File.Open(LastUsedFile, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
        {
        }

        File.SetLastWriteTimeUtc(LastUsedFile, DateTime.UtcNow);
    }

    /// <summary>Bytes of every file under the complete entry.</summary>
    public long SizeBytes() => System.IO.Directory.Exists(Directory)
        ? new DirectoryInfo(Directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
        : 0;
}
