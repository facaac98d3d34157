using System.Security.Cryptography;
using System.Text;

namespace Sluice.Engine.Fetch.Cache;

/// <summary>
/// Where a model revision lives in the cache volume:
/// <c>{cache}/models/{scheme}/{name}-{hash8}/{revision}[-f{hash8}]</c> holds the complete, verified files (and
/// <see cref="ManifestFileName"/>); beside it <c>….partial/</c> (a download in progress), <c>….lock</c>,
/// <c>….progress.json</c> (the lock holder's progress) and <c>….last-used</c> (its time stamp is the LRU clock);
/// <c>refs/</c> remembers which revision a branch or tag resolved to last, for starts while the source is unreachable.
/// <c>{cache}/kernels/</c> is the engines' compiled CUDA kernel cache (the operator mounts it into the engine container
/// read-write); eviction never looks there.
/// </summary>
public sealed class CacheLayout(string cacheDirectory)
{
    /// <summary>The file in a complete entry listing its files, sizes and sha256.</summary>
    public const string ManifestFileName = ".sluice-manifest.json";

    public string Root { get; } = Path.GetFullPath(cacheDirectory);

    /// <summary>The directory all entries live under.</summary>
    public string ModelsDirectory => Path.Combine(Root, "models");

    /// <summary>
    /// The engines' kernel cache. The fetcher creates it, as the pod's own user, so that the kubelet finds it when it
    /// mounts it as a subPath into the engine container (a subPath the kubelet creates itself belongs to root).
    /// </summary>
    public string KernelsDirectory => Path.Combine(Root, "kernels");

    /// <summary>The entry of <paramref name="source"/> at <paramref name="revision"/>, fetched with the filter key <paramref name="filterKey"/> ("" for all files).</summary>
    public CacheEntry Entry(SourceUri source, string revision, string filterKey)
    {
        var leaf = filterKey.Length == 0 ? revision : $"{revision}-f{filterKey}";
        return new CacheEntry(Path.Combine(ModelDirectory(source), leaf));
    }

    /// <summary>The directory of all revisions of <paramref name="source"/>'s model (its <c>refs/</c> maps requested to resolved revisions).</summary>
    public string ModelDirectory(SourceUri source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var canonical = source.Scheme == "oci" ? $"oci://{source.Host}/{source.Path}" : source.ToString();
        return Path.Combine(ModelsDirectory, source.Scheme, $"{Sanitize($"{source.Host}--{source.Path}")}-{Hash8(canonical)}");
    }

    /// <summary>The file remembering which revision <paramref name="requested"/> (a branch, tag or "listing") resolved to last.</summary>
    public string RefFile(SourceUri source, string requested) => Path.Combine(ModelDirectory(source), "refs", Sanitize(requested) + "-" + Hash8(requested));

    /// <summary>The filter key of a pattern set: "" when there is no pattern, else 8 hex characters of its hash.</summary>
    public static string FilterKey(IReadOnlyList<string> allow, IReadOnlyList<string> ignore) =>
        allow.Count == 0 && ignore.Count == 0 ? "" : Hash8("allow:" + string.Join('\n', allow) + "\nignore:" + string.Join('\n', ignore));

    /// <summary>Every complete entry under the cache (for eviction): directories holding a manifest.</summary>
    public IEnumerable<CacheEntry> CompleteEntries()
    {
        if (!Directory.Exists(ModelsDirectory))
        {
            yield break;
        }

        foreach (var scheme in Directory.EnumerateDirectories(ModelsDirectory))
        {
            foreach (var model in Directory.EnumerateDirectories(scheme))
            {
                foreach (var revision in Directory.EnumerateDirectories(model).Where(d => Path.GetFileName(d) != "refs"))
                {
                    if (File.Exists(Path.Combine(revision, ManifestFileName)))
                    {
                        yield return new CacheEntry(revision);
                    }
                }
            }
        }
    }

    private static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim('/'))
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        var name = builder.ToString();
        return name.Length > 80 ? name[..80] : name;
    }

    private static string Hash8(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
}
