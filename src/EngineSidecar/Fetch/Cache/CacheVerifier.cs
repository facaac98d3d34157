using System.Security.Cryptography;
using System.Text.Json;

namespace Sluice.Engine.Fetch.Cache;

/// <summary>
/// Checks a complete cache entry against its manifest before it is used: every file present with its size, every
/// .safetensors header well-formed, and the sha256 of every file up to <see cref="QuickHashLimitBytes"/> (every file
/// in full mode). Files that fail are reported, so only they are fetched again.
/// </summary>
public static class CacheVerifier
{
    /// <summary>Files up to this size are hashed even in quick mode (configs, tokenizers, small shards).</summary>
    public const long QuickHashLimitBytes = 64L << 20;

    /// <summary>The manifest of <paramref name="entry"/>, or null when it is absent or unreadable.</summary>
    public static CacheManifest? ReadManifest(CacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(entry.ManifestFile), FetchJson.Default.CacheManifest);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the manifest into <paramref name="directory"/> (the last step before the entry is renamed into place).</summary>
    public static void WriteManifest(string directory, CacheManifest manifest) =>
        File.WriteAllBytes(Path.Combine(directory, CacheLayout.ManifestFileName), JsonSerializer.SerializeToUtf8Bytes(manifest, FetchJson.Default.CacheManifest));

    /// <summary>The files of <paramref name="manifest"/> under <paramref name="directory"/> that fail a check, with why.</summary>
    public static async Task<IReadOnlyList<(CachedFile File, string Problem)>> BadFilesAsync(
        string directory, CacheManifest manifest, bool full, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var bad = new List<(CachedFile, string)>();
        foreach (var file in manifest.Files)
        {
            var path = Path.Combine(directory, file.Path);
            if (!File.Exists(path))
            {
                bad.Add((file, "missing"));
                continue;
            }

            var size = new FileInfo(path).Length;
            if (size != file.SizeBytes)
            {
                bad.Add((file, $"{size} bytes where {file.SizeBytes} were fetched"));
                continue;
            }

            if (file.Path.EndsWith(".safetensors", StringComparison.Ordinal) && SafetensorsHeader.Problem(path) is { } header)
            {
                bad.Add((file, $"not a whole safetensors file: {header}"));
                continue;
            }

            if ((full || size <= QuickHashLimitBytes)
                && await ContentHash.OfFileAsync(path, HashAlgorithmName.SHA256, cancellationToken).ConfigureAwait(false) is var sha && sha != file.Sha256)
            {
                bad.Add((file, $"sha256 {sha} where {file.Sha256} was fetched"));
            }
        }

        return bad;
    }
}
