using System.CommandLine;
using System.Globalization;
using Sluice.Contracts.Fetch;
using Sluice.Engine.Cli;
using Sluice.Engine.Fetch.Progress;
using Sluice.Engine.Fetch.Sources;

namespace Sluice.Engine.Fetch;

/// <summary>
/// <c>sluice-engine fetch</c>: puts one model revision into the cache volume (see <see cref="FetchRunner"/>) and links
/// it for the engine. Exit 0 when the model is there (nothing to do for pvc:// and dummy://), 2 for bad arguments,
/// otherwise the <see cref="FetchErrorKind"/> of the last failure (after <c>--attempts</c>; by default it retries
/// forever with backoff, reporting each failure at the progress endpoint, so a pod never crash-loops on a bad source).
/// The reason goes to stderr and to the termination-message file.
/// </summary>
public static class FetchCommand
{
    private static readonly Option<string> Source = new("--source") { Description = "hf://org/repo, s3://bucket/prefix, oci://registry/repository:tag, pvc://claim/path or dummy://preset", Required = true };
    private static readonly Option<string?> Revision = new("--revision") { Description = "hf: branch, tag or commit (default main)" };
    private static readonly Option<string?> Endpoint = new("--endpoint") { Description = "base URL of the hub (hf), the S3 API (s3) or the registry (oci) when not the default" };
    private static readonly Option<string> Region = new("--region") { Description = "S3 region", DefaultValueFactory = _ => "us-east-1" };
    private static readonly Option<string?> CredentialsDirectory = new("--credentials-dir") { Description = "directory of credential files: token (hf); accessKeyId, secretAccessKey, sessionToken (s3); username, password (oci)" };
    private static readonly Option<string[]> AllowPatterns = new("--allow-pattern") { Description = "fetch only files matching this glob (repeatable)", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string[]> IgnorePatterns = new("--ignore-pattern") { Description = "skip files matching this glob (repeatable)" };
    private static readonly Option<string> CacheDirectory = new("--cache-dir") { Description = "the model cache volume", Required = true };
    private static readonly Option<long> CacheMaxBytes = new("--cache-max-bytes") { Description = "most bytes the cache may hold; least recently used entries are evicted (0 = the volume's size)" };
    private static readonly Option<double> EvictMinIdleSeconds = new("--evict-min-idle") { Description = "seconds since last use before an entry may be evicted", DefaultValueFactory = _ => 3600 };
    private static readonly Option<string?> Link = new("--link") { Description = "create this symbolic link to the finished model directory" };
    private static readonly Option<int> ProgressPort = new("--progress-port") { Description = $"serve progress JSON at {FetchProgressReport.Path} on this port (0 = off)" };
    private static readonly Option<int> Attempts = new("--attempts") { Description = "attempts before exiting with the last error's code (0 = retry forever)" };
    private static readonly Option<bool> VerifyFull = new("--verify-full") { Description = "hash every cached file at a cache hit (default: sizes, headers and files up to 64 MiB)" };
    private static readonly Option<double> LockStaleSeconds = new("--lock-stale-after") { Description = "seconds after which a lock without heartbeat is taken over", DefaultValueFactory = _ => 120 };
    private static readonly Option<string> TerminationMessagePath = new("--termination-message-path") { Description = "file the outcome is written to", DefaultValueFactory = _ => TerminationMessage.DefaultPath };

    /// <summary>How often a progress line is logged while downloading.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var command = new Command("fetch", "download a model into the shared cache, once per revision")
        {
            Source, Revision, Endpoint, Region, CredentialsDirectory, AllowPatterns, IgnorePatterns, CacheDirectory, CacheMaxBytes, EvictMinIdleSeconds,
            Link, ProgressPort, Attempts, VerifyFull, LockStaleSeconds, TerminationMessagePath,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            FetchOptions options;
            try
            {
                options = ToOptions(parse);
            }
            catch (ArgumentException ex)
            {
                Finish(parse.GetValue(TerminationMessagePath), "error: " + ex.Message);
                return FetchExitCodes.Usage;
            }

            return await RunAsync(options, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs a fetch with <paramref name="options"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(FetchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Source.IsRemote)
        {
            Finish(options.TerminationMessagePath, $"{options.Source}: nothing to download");
            return FetchExitCodes.Success;
        }

        var progress = new FetchProgress();
        await using var server = options.ProgressPort > 0 ? new ProgressServer(options.ProgressPort, progress) : null;
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15), AllowAutoRedirect = true }) { Timeout = Timeout.InfiniteTimeSpan };
        var source = CreateSource(options, http);
        using var logger = new Timer(_ => LogProgress(progress), null, LogInterval, LogInterval);
        try
        {
            var directory = await new FetchRunner(options, source, progress, Log).RunAsync(cancellationToken);
            var report = progress.Report;
            Finish(options.TerminationMessagePath, $"{options.Source} revision {report.Revision}: {report.TotalBytes} bytes ready in {directory}");
            return FetchExitCodes.Success;
        }
        catch (FetchFailure failure)
        {
            Finish(options.TerminationMessagePath, $"{failure.Kind}: {failure.Message}");
            return FetchExitCodes.Of(failure.Kind);
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }
    }

    /// <summary>Reads the parsed options; throws <see cref="ArgumentException"/> for invalid ones.</summary>
    public static FetchOptions ToOptions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.Errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", parse.Errors.Select(e => e.Message)));
        }

        if (!SourceUri.TryParse(parse.GetValue(Source), out var source))
        {
            throw new ArgumentException($"--source '{parse.GetValue(Source)}' is not hf://org/repo, s3://bucket/prefix, oci://registry/repository:tag, pvc://claim/path or dummy://preset");
        }

        var revision = parse.GetValue(Revision);
        if (revision is not null && source.Scheme != "hf")
        {
            throw new ArgumentException($"--revision applies to hf:// sources only (an oci:// source names its tag or digest; s3:// has none), got it for {source.Scheme}://");
        }

        Uri? endpoint = null;
        if (parse.GetValue(Endpoint) is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException($"--endpoint '{text}' is not an http(s) URL");
        }

        var port = parse.GetValue(ProgressPort);
        var attempts = parse.GetValue(Attempts);
        var stale = parse.GetValue(LockStaleSeconds);
        var idle = parse.GetValue(EvictMinIdleSeconds);
        var maxBytes = parse.GetValue(CacheMaxBytes);
        if (port is < 0 or > 65535 || attempts < 0 || !(stale >= 4) || !(idle >= 0) || maxBytes < 0)
        {
            throw new ArgumentException("--progress-port must be 0-65535, --attempts ≥ 0, --lock-stale-after ≥ 4 s, --evict-min-idle ≥ 0 and --cache-max-bytes ≥ 0");
        }

        return new FetchOptions
        {
            Source = source,
            Revision = revision,
            Endpoint = endpoint is null ? null : new Uri(endpoint.ToString().TrimEnd('/') + "/"),
            Region = parse.GetValue(Region)!,
            CredentialsDirectory = parse.GetValue(CredentialsDirectory),
            AllowPatterns = parse.GetValue(AllowPatterns) ?? [],
            IgnorePatterns = parse.GetValue(IgnorePatterns) ?? [],
            CacheDirectory = parse.GetValue(CacheDirectory)!,
            CacheMaxBytes = maxBytes,
            EvictMinIdle = TimeSpan.FromSeconds(idle),
            LinkPath = parse.GetValue(Link),
            ProgressPort = port,
            Attempts = attempts,
            VerifyFull = parse.GetValue(VerifyFull),
            LockStaleAfter = TimeSpan.FromSeconds(stale),
            TerminationMessagePath = parse.GetValue(TerminationMessagePath)!,
        };
    }

    /// <summary>The source client for <paramref name="options"/> (hf, s3 or oci).</summary>
    public static IModelSource CreateSource(FetchOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        var uri = options.Source;
        string? Credential(string name) => options.CredentialsDirectory is { } dir ? Path.Combine(dir, name) : null;
        return uri.Scheme switch
        {
            "hf" => new HuggingFaceSource(http, options.Endpoint ?? HuggingFaceSource.DefaultEndpoint, $"{uri.Host}/{uri.Path}", options.Revision ?? "main", Credential("token")),
            "s3" => new S3Source(options.Endpoint, options.Region, uri.Host, uri.Path, Credential("accessKeyId"), Credential("secretAccessKey"), OptionalFile(Credential("sessionToken"))),
            "oci" => new OciSource(http, options.Endpoint ?? new Uri($"https://{uri.Host}/"), uri.Path, uri.Reference, OptionalFile(Credential("username")), OptionalFile(Credential("password"))),
            _ => throw new ArgumentException($"{uri.Scheme}:// needs no download"),
        };
    }

    // Optional credentials (an S3 session token, registry credentials) are used only when their file exists.
    private static string? OptionalFile(string? path) => path is not null && File.Exists(path) ? path : null;

    private static void LogProgress(FetchProgress progress)
    {
        var report = progress.Report;
        if (report.State is FetchStates.Downloading or FetchStates.Waiting)
        {
            var eta = report.EtaSeconds is { } seconds ? $", ETA {seconds:0} s" : "";
            Log(string.Create(CultureInfo.InvariantCulture,
                $"{report.State}: {report.DownloadedBytes / 1e9:0.00} of {(report.TotalBytes ?? 0) / 1e9:0.00} GB, {report.BytesPerSecond / 1e6:0.0} MB/s{eta}"));
        }
    }

    private static void Log(string line) => Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} fetch: {line}");

    private static void Finish(string? terminationMessagePath, string text)
    {
        Log(text);
        TerminationMessage.TryWrite(terminationMessagePath, text);
    }
}
