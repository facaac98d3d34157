using Sluice.Contracts.Fetch;
using Sluice.Engine.Fetch.Cache;
using Sluice.Engine.Fetch.Progress;
using Sluice.Engine.Fetch.Sources;

namespace Sluice.Engine.Fetch;

/// <summary>
/// One model revision into the cache, once: resolve the revision and the files (filtered), then use the complete entry
/// when it verifies; otherwise take the entry's lock (or wait while another fetcher holds it, serving its progress),
/// make room (LRU eviction), fetch the missing files into <c>….partial/</c> (resuming what is there), write the
/// manifest and rename the directory into place. Failures are retried with <see cref="Backoff"/> until
/// <see cref="FetchOptions.Attempts"/> is used up (0: forever), each reported in <see cref="FetchProgress"/>. When the
/// source cannot be reached but the revision the requested one resolved to last is complete in the cache, that entry is used.
/// </summary>
public sealed class FetchRunner(FetchOptions options, IModelSource source, FetchProgress progress, Action<string> log)
{
    private readonly CacheLayout _layout = new(options.CacheDirectory);
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Runs until the model is in the cache (returns its directory) or the attempts are used up (throws the last <see cref="FetchFailure"/>).</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AttemptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (FetchFailure failure) when (options.Attempts == 0 || attempt < options.Attempts)
            {
                var delay = Backoff.After(attempt, Random.Shared.NextDouble());
                progress.Failed(failure, attempt);
                log($"attempt {attempt} failed: {failure.Kind}: {failure.Message}; retrying in {delay.TotalSeconds:0} s");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> AttemptAsync(CancellationToken cancellationToken)
    {
        progress.Set(FetchStates.Resolving);
        var filterKey = CacheLayout.FilterKey(options.AllowPatterns, options.IgnorePatterns);
        var refFile = _layout.RefFile(options.Source, options.Revision ?? (options.Source.Scheme == "oci" ? options.Source.Reference : "main"));
        ResolvedModel resolved;
        try
        {
            resolved = await source.ResolveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (FetchFailure failure) when (failure.Kind == FetchErrorKind.SourceUnreachable && File.Exists(refFile))
        {
            var revision = (await File.ReadAllTextAsync(refFile, cancellationToken).ConfigureAwait(false)).Trim();
            var cached = _layout.Entry(options.Source, revision, filterKey);
            if (!await UsableAsync(cached, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            log($"{failure.Message}; using the cached revision {revision} it resolved to last");
            return Finish(cached, revision, CacheVerifier.ReadManifest(cached)?.TotalBytes ?? 0);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(refFile)!);
        File.WriteAllText(refFile, resolved.Revision);
        var patterns = new FilePatterns(options.AllowPatterns, options.IgnorePatterns);
        var files = resolved.Files.Where(f => patterns.Includes(f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new FetchFailure(FetchErrorKind.SourceInvalid, $"{source.Description} revision {resolved.Revision}: no file matches the allow/ignore patterns ({resolved.Files.Count} files listed)");
        }

        var entry = _layout.Entry(options.Source, resolved.Revision, filterKey);
        var totalBytes = files.Sum(f => f.SizeBytes);
        Directory.CreateDirectory(Path.GetDirectoryName(entry.Directory)!);
        while (true)
        {
            if (await UsableAsync(entry, cancellationToken).ConfigureAwait(false))
            {
                return Finish(entry, resolved.Revision, totalBytes);
            }

            await using var held = CacheLock.TryAcquire(entry.LockFile, _holder, options.LockStaleAfter);
            if (held is null)
            {
                await WaitAsync(entry, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.Lost);
            try
            {
                await FillAsync(entry, resolved.Revision, files, totalBytes, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (held.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                log("the lock was taken over by another fetcher; waiting for it");
                continue;
            }

            return Finish(entry, resolved.Revision, totalBytes);
        }
    }

    /// <summary>True when the complete entry exists and verifies; a bad one is moved back to partial (under the lock) for a re-fetch.</summary>
    private async Task<bool> UsableAsync(CacheEntry entry, CancellationToken cancellationToken)
    {
        if (CacheVerifier.ReadManifest(entry) is not { } manifest)
        {
            return false;
        }

        progress.Set(FetchStates.Verifying);
        var bad = await CacheVerifier.BadFilesAsync(entry.Directory, manifest, options.VerifyFull, cancellationToken).ConfigureAwait(false);
        if (bad.Count == 0)
        {
            return true;
        }

        await using var held = CacheLock.TryAcquire(entry.LockFile, _holder, options.LockStaleAfter);
        if (held is not null && entry.IsComplete)
        {
            foreach (var (file, problem) in bad)
            {
                log($"cached {file.Path} is corrupt ({problem}); fetching it again");
                File.Delete(Path.Combine(entry.Directory, file.Path));
            }

            File.Delete(entry.ManifestFile);
            if (Directory.Exists(entry.PartialDirectory))
            {
                Directory.Delete(entry.PartialDirectory, recursive: true);
            }

            Directory.Move(entry.Directory, entry.PartialDirectory);
        }

        return false;
    }

    private async Task FillAsync(CacheEntry entry, string revision, List<RemoteFile> files, long totalBytes, CancellationToken cancellationToken)
    {
        if (entry.IsComplete)
        {
            return; // another fetcher finished between our check and our lock
        }

        Directory.CreateDirectory(entry.PartialDirectory);
        var present = files.Sum(f => PresentBytes(entry.PartialDirectory, f));
        MakeRoom(entry, totalBytes - present);
        progress.Start(FetchStates.Downloading, revision, present, totalBytes);
        log($"fetching {source.Description} revision {revision}: {files.Count} files, {totalBytes} bytes ({present} already present)");
        using var writer = new ProgressFileWriter(progress, entry.ProgressFile);
        var fetcher = new FileFetcher(source, progress, log);
        var cached = new List<CachedFile>();
        foreach (var file in files)
        {
            var path = Path.Combine(entry.PartialDirectory, file.Path);
            var sha256 = File.Exists(path) && new FileInfo(path).Length == file.SizeBytes
                ? await ContentHash.OfFileAsync(path, System.Security.Cryptography.HashAlgorithmName.SHA256, cancellationToken).ConfigureAwait(false)
                : null;
            if (sha256 is null || FileFetcher.Problem(file, path, sha256) is not null)
            {
                sha256 = await fetcher.FetchAsync(file, entry.PartialDirectory, cancellationToken).ConfigureAwait(false);
            }

            cached.Add(new CachedFile(file.Path, file.SizeBytes, sha256));
        }

        progress.Set(FetchStates.Verifying);
        CacheVerifier.WriteManifest(entry.PartialDirectory, new CacheManifest(options.Source.ToString(), revision, cached));
        Directory.Move(entry.PartialDirectory, entry.Directory);
        File.Delete(entry.ProgressFile);
    }

    /// <summary>Evicts least recently used entries until <paramref name="neededBytes"/> fit under the cap and in the volume's free space.</summary>
    private void MakeRoom(CacheEntry entry, long neededBytes)
    {
        var entries = _layout.CompleteEntries().Where(e => e.Directory != entry.Directory)
            .Select(e => new CacheEviction.Candidate(e.Directory, e.SizeBytes(), e.LastUsedUtc,
                File.Exists(e.LockFile) || DateTime.UtcNow - e.LastUsedUtc < options.EvictMinIdle))
            .ToList();
        var used = entries.Sum(e => e.SizeBytes) + (Directory.Exists(entry.PartialDirectory) ? new CacheEntry(entry.PartialDirectory).SizeBytes() : 0);
        var free = new DriveInfo(_layout.Root).AvailableFreeSpace;
        var capacity = Math.Min(options.CacheMaxBytes > 0 ? options.CacheMaxBytes : long.MaxValue, used + free);
        var plan = CacheEviction.For(entries, used, neededBytes, capacity);
        if (!plan.Fits)
        {
            throw new FetchFailure(FetchErrorKind.CacheFull,
                $"the cache cannot hold {neededBytes} more bytes: {used} of {capacity} are used and only entries used within {options.EvictMinIdle.TotalMinutes:0} min or in use remain (raise modelCache.maxBytes or the volume size)");
        }

        foreach (var victim in plan.Evict)
        {
            log($"evicting {victim.Directory} ({victim.SizeBytes} bytes, last used {victim.LastUsedUtc:u})");
            var aside = $"{victim.Directory}.evicting-{Guid.NewGuid():N}";
            Directory.Move(victim.Directory, aside);
            File.Delete(victim.Directory + ".last-used");
            Directory.Delete(aside, recursive: true);
        }
    }

    private async Task WaitAsync(CacheEntry entry, CancellationToken cancellationToken)
    {
        log($"another fetcher ({CacheLock.HolderOf(entry.LockFile) ?? "unknown"}) is filling {entry.Directory}; waiting");
        while (File.Exists(entry.LockFile) && !entry.IsComplete
            && !CacheLock.IsStale(entry.LockFile, options.LockStaleAfter, DateTime.UtcNow) && !CacheLock.IsAbandoned(entry.LockFile))
        {
            progress.Set(FetchStates.Waiting, FetchProgress.ReadFrom(entry.ProgressFile));
            await Task.Delay(options.WaitPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private string Finish(CacheEntry entry, string revision, long totalBytes)
    {
        entry.Touch();
        Directory.CreateDirectory(_layout.KernelsDirectory);
        if (options.LinkPath is { } link)
        {
            // The link lives in the pod's own volume: replacing it needs no atomicity across pods.
            var existing = new FileInfo(link);
            if (existing.LinkTarget is not null || existing.Exists)
            {
                existing.Delete();
            }

            File.CreateSymbolicLink(link, entry.Directory);
        }

        progress.Start(FetchStates.Ready, revision, totalBytes, totalBytes);
        return entry.Directory;
    }

    private static long PresentBytes(string directory, RemoteFile file)
    {
        var path = Path.Combine(directory, file.Path);
        return File.Exists(path) ? new FileInfo(path).Length : File.Exists(path + ".part") ? Math.Min(file.SizeBytes, new FileInfo(path + ".part").Length) : 0;
    }
}
