using System.Security.Cryptography;

namespace Sluice.Engine.Fetch.Cache;

/// <summary>Hashes of file content, streamed (never the whole file in memory).</summary>
public static class ContentHash
{
    /// <summary>The lower-case hex digest of <paramref name="path"/>'s bytes with <paramref name="algorithm"/>.</summary>
    public static async Task<string> OfFileAsync(string path, HashAlgorithmName algorithm, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        await AppendFileAsync(hash, path, long.MaxValue, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Feeds the first <paramref name="maxBytes"/> bytes of <paramref name="path"/> to <paramref name="hash"/>.</summary>
    public static async Task AppendFileAsync(IncrementalHash hash, string path, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var buffer = new byte[1 << 20];
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var left = maxBytes;
        int read;
        while (left > 0 && (read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            left -= read;
        }
    }
}
