using System.Security.Cryptography;
using Sluice.Contracts.Fetch;
using Sluice.Engine.Fetch.Cache;
using Sluice.Engine.Fetch.Progress;
using Sluice.Engine.Fetch.Sources;

namespace Sluice.Engine.Fetch;

/// <summary>
/// Fetches one file into a partial cache directory: bytes go to <c>{file}.part</c>; a <c>.part</c> left by a killed
/// fetcher is continued with a Range request from its length (its bytes are hashed first, so the sha256 covers the
/// whole file). A connection dropped mid-file is resumed the same way, up to <see cref="ResumesPerFile"/> times.
/// The finished file must have the listed size, the source's sha256/MD5 and (for .safetensors) a well-formed header,
/// or it is deleted and fetched once more from zero; a second mismatch is <see cref="FetchErrorKind.ChecksumMismatch"/>.
/// A full volume is <see cref="FetchErrorKind.CacheFull"/>.
/// </summary>
public sealed class FileFetcher(IModelSource source, FetchProgress progress, Action<string> log)
{
    /// <summary>Times a broken transfer is resumed within one attempt before it counts as unreachable.</summary>
    public const int ResumesPerFile = 5;

    private const int BufferBytes = 1 << 20;

    /// <summary>Fetches <paramref name="file"/> to <paramref name="directory"/>/<c>file.Path</c>; returns its sha256.</summary>
    public async Task<string> FetchAsync(RemoteFile file, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var target = Path.Combine(directory, file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        for (var pass = 0; ; pass++)
        {
            var sha256 = await DownloadAsync(file, target + ".part", cancellationToken).ConfigureAwait(false);
            if (Problem(file, target + ".part", sha256) is not { } problem)
            {
                File.Move(target + ".part", target, overwrite: true);
                return sha256;
            }

            var size = new FileInfo(target + ".part").Length;
            File.Delete(target + ".part");
            progress.Add(-size);
            if (pass > 0)
            {
                throw new FetchFailure(FetchErrorKind.ChecksumMismatch, $"{source.Description} file {file.Path}: {problem} (fetched twice)");
            }

            log($"{file.Path}: {problem}; fetching it again");
        }
    }

    /// <summary>What is wrong with a finished download, or null: size, then the source's checksums, then the safetensors header.</summary>
    public static string? Problem(RemoteFile file, string path, string sha256)
    {
        ArgumentNullException.ThrowIfNull(file);
        var size = new FileInfo(path).Length;
        if (size != file.SizeBytes)
        {
            return $"{size} bytes where the source lists {file.SizeBytes}";
        }

        if (file.Sha256Hex is { } expected && expected != sha256)
        {
            return $"sha256 {sha256} where the source lists {expected}";
        }

        if (file.Md5Hex is { } md5 && Md5(path) != md5)
        {
            return $"MD5 differs from the source's ETag {md5}";
        }

        return file.Path.EndsWith(".safetensors", StringComparison.Ordinal) && SafetensorsHeader.Problem(path) is { } header ? $"not a whole safetensors file: {header}" : null;
    }

    private async Task<string> DownloadAsync(RemoteFile file, string part, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (have > file.SizeBytes)
        {
            File.Delete(part);
            progress.Add(-have);
            have = 0;
        }

        if (have > 0)
        {
            log($"{file.Path}: resuming at byte {have} of {file.SizeBytes}");
            await ContentHash.AppendFileAsync(hash, part, have, cancellationToken).ConfigureAwait(false);
        }

        for (var resume = 0; ; resume++)
        {
            try
            {
                have = await ReceiveAsync(file, part, have, hash, cancellationToken).ConfigureAwait(false);
                return Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            catch (IOException ex) when (IsDiskFull(ex))
            {
                throw new FetchFailure(FetchErrorKind.CacheFull, $"the cache volume is full writing {file.Path}: {ex.Message}", ex);
            }
            catch (Exception ex) when (resume < ResumesPerFile && ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                have = new FileInfo(part).Length;
                log($"{file.Path}: transfer broke at byte {have} ({ex.Message}); resuming");
                await Task.Delay(TimeSpan.FromMilliseconds(500 * (resume + 1)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                throw new FetchFailure(FetchErrorKind.SourceUnreachable, $"{source.Description} file {file.Path}: the transfer kept breaking: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Receives from <paramref name="have"/> to the end; returns the bytes now in <paramref name="part"/>.</summary>
    private async Task<long> ReceiveAsync(RemoteFile file, string part, long have, IncrementalHash hash, CancellationToken cancellationToken)
    {
        await using var payload = await source.OpenAsync(file, have, cancellationToken).ConfigureAwait(false);
        if (payload.StartOffsetBytes != have)
        {
            // The server sent the whole file: start over (the hash too).
            log($"{file.Path}: the source ignored the range; starting over");
            progress.Add(-have);
            hash.GetHashAndReset();
            have = 0;
        }

        await using var output = new FileStream(part, have == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous);
        var buffer = new byte[BufferBytes];
        int read;
        while ((read = await payload.Content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            hash.AppendData(buffer, 0, read);
            have += read;
            progress.Add(read);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return have;
    }

    private static string Md5(string path)
    {
        using var stream = File.OpenRead(path);
#pragma warning disable CA5351 // S3's ETag is an MD5: it is compared, not relied on for security (sha256 is kept too).
        return Convert.ToHexStringLower(MD5.HashData(stream));
#pragma warning restore CA5351
    }

    /// <summary>True for ENOSPC/EDQUOT (no space or quota exceeded on the volume).</summary>
    public static bool IsDiskFull(IOException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var code = ex.HResult & 0xFFFF;
        return code is 28 or 122 || ex.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
            || ex.Message.Contains("quota", StringComparison.OrdinalIgnoreCase);
    }
}
