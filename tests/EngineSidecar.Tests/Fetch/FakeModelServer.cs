using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sluice.Engine.Tests.Fetch;

/// <summary>
/// One local server that plays a model source over real HTTP: the Hugging Face hub API (<see cref="FakeProtocol.Hub"/>),
/// path-style S3 (<see cref="FakeProtocol.S3"/>) or an OCI registry with the Bearer token flow (<see cref="FakeProtocol.Oci"/>).
/// It serves <see cref="Files"/> with Range support, counts every content request per file, records Range headers, can
/// throttle its bytes (so a test can kill a fetcher mid-file) and corrupt a file's first answer.
/// </summary>
public sealed class FakeModelServer : IAsyncDisposable
{
    public const string Repository = "acme/tiny";
    public const string Bucket = "models";
    public const string Prefix = "tiny";
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";
    public const string Tag = "v1";
    public const string AccessKey = "AKIDTEST";
    public const string OciUser = "puller";
    public const string OciPassword = "secret";
    private const string OciToken = "registry-token";

    private readonly WebApplication _app;

    private FakeModelServer(FakeProtocol protocol, Dictionary<string, byte[]> files)
    {
        Protocol = protocol;
        Files = files;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePort()}");
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public FakeProtocol Protocol { get; }

    /// <summary>The model's files by relative path.</summary>
    public Dictionary<string, byte[]> Files { get; }

    /// <summary>Content requests per file path (the file list and manifests are not counted).</summary>
    public ConcurrentDictionary<string, int> ContentRequests { get; } = new(StringComparer.Ordinal);

    /// <summary>Every Range header received for content, as "path: bytes=N-".</summary>
    public ConcurrentQueue<string> Ranges { get; } = new();

    /// <summary>Bytes per second each content answer is limited to; 0 = unlimited.</summary>
    public int ThrottleBytesPerSecond { get; set; }

    /// <summary>Files whose next answer has one byte flipped (then removed from the set).</summary>
    public ConcurrentDictionary<string, bool> CorruptNext { get; } = new(StringComparer.Ordinal);

    /// <summary>The hub token the server accepts; null = anonymous access.</summary>
    public string? RequiredToken { get; set; }

    public Uri BaseAddress => new(_app.Urls.First() + "/");

    public static async Task<FakeModelServer> StartAsync(FakeProtocol protocol, Dictionary<string, byte[]> files)
    {
        var server = new FakeModelServer(protocol, files);
        await server._app.StartAsync();
        return server;
    }

    public int TotalContentRequests => ContentRequests.Values.Sum();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The sha256 of a file as lower-case hex.</summary>
    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        return Protocol switch
        {
            FakeProtocol.Hub => HubAsync(context, path),
            FakeProtocol.S3 => S3Async(context, path),
            _ => OciAsync(context, path),
        };
    }

    private async Task HubAsync(HttpContext context, string path)
    {
        if (RequiredToken is not null && context.Request.Headers.Authorization.ToString() != $"Bearer {RequiredToken}")
        {
            context.Response.StatusCode = 401;
            context.Response.Headers["X-Error-Code"] = "GatedRepo";
            context.Response.Headers["X-Error-Message"] = "Access to model acme/tiny is restricted.";
            return;
        }

        var api = $"/api/models/{Repository}/revision/";
        if (path.StartsWith(api, StringComparison.Ordinal))
        {
            var revision = Uri.UnescapeDataString(path[api.Length..]);
            if (revision is not ("main" or Commit))
            {
                context.Response.StatusCode = 404;
                context.Response.Headers["X-Error-Code"] = "RevisionNotFound";
                context.Response.Headers["X-Error-Message"] = $"Invalid rev id: {revision}";
                return;
            }

            var siblings = new JsonArray();
            foreach (var (name, bytes) in Files)
            {
                var sibling = new JsonObject { ["rfilename"] = name, ["size"] = bytes.Length };
                if (name.EndsWith(".safetensors", StringComparison.Ordinal))
                {
                    sibling["lfs"] = new JsonObject { ["sha256"] = Sha256(bytes), ["size"] = bytes.Length, ["pointerSize"] = 134 };
                }

                siblings.Add(sibling);
            }

            await context.Response.WriteAsJsonAsync(new JsonObject { ["id"] = Repository, ["sha"] = Commit, ["siblings"] = siblings });
            return;
        }

        var resolve = $"/{Repository}/resolve/{Commit}/";
        await ContentAsync(context, path.StartsWith(resolve, StringComparison.Ordinal) ? Uri.UnescapeDataString(path[resolve.Length..]) : null);
    }

    private async Task S3Async(HttpContext context, string path)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.Contains($"Credential={AccessKey}/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 403;
            await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>");
            return;
        }

        if (path.TrimEnd('/') == $"/{Bucket}" && context.Request.Query["list-type"] == "2")
        {
            var prefix = context.Request.Query["prefix"].ToString();
            var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
            xml.Append(CultureInfo.InvariantCulture, $"<Name>{Bucket}</Name><Prefix>{prefix}</Prefix><KeyCount>{Files.Count}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>");
            foreach (var (name, bytes) in Files.Where(f => $"{Prefix}/{f.Key}".StartsWith(prefix, StringComparison.Ordinal)))
            {
#pragma warning disable CA5351 // S3's ETag of a single-part upload is its MD5
                var etag = Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351
                xml.Append(CultureInfo.InvariantCulture, $"<Contents><Key>{Prefix}/{name}</Key><LastModified>2026-12-01T00:00:00.000Z</LastModified><ETag>&quot;{etag}&quot;</ETag><Size>{bytes.Length}</Size><StorageClass>STANDARD</StorageClass></Contents>");
            }

            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync(xml.Append("</ListBucketResult>").ToString());
            return;
        }

        var objectPrefix = $"/{Bucket}/{Prefix}/";
        await ContentAsync(context, path.StartsWith(objectPrefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(path[objectPrefix.Length..]) : null);
    }

    private async Task OciAsync(HttpContext context, string path)
    {
        if (path == "/token")
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{OciUser}:{OciPassword}"));
            if (context.Request.Headers.Authorization.ToString() != expected)
            {
                context.Response.StatusCode = 401;
                return;
            }

            await context.Response.WriteAsJsonAsync(new JsonObject { ["token"] = OciToken });
            return;
        }

        if (context.Request.Headers.Authorization.ToString() != $"Bearer {OciToken}")
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{BaseAddress}token\",service=\"fake-registry\",scope=\"repository:{Repository}:pull\"";
            return;
        }

        if (path == $"/v2/{Repository}/manifests/{Tag}")
        {
            var layers = new JsonArray();
            foreach (var (name, bytes) in Files)
            {
                layers.Add(new JsonObject
                {
                    ["mediaType"] = "application/octet-stream",
                    ["digest"] = "sha256:" + Sha256(bytes),
                    ["size"] = bytes.Length,
                    ["annotations"] = new JsonObject { ["org.opencontainers.image.title"] = name },
                });
            }

            context.Response.ContentType = "application/vnd.oci.image.manifest.v1+json";
            await context.Response.WriteAsync(new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.manifest.v1+json", ["layers"] = layers }.ToJsonString());
            return;
        }

        if (path.StartsWith($"/v2/{Repository}/manifests/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
            return;
        }

        var blobs = $"/v2/{Repository}/blobs/sha256:";
        var digest = path.StartsWith(blobs, StringComparison.Ordinal) ? path[blobs.Length..] : null;
        await ContentAsync(context, Files.FirstOrDefault(f => Sha256(f.Value) == digest).Key);
    }

    private async Task ContentAsync(HttpContext context, string? name)
    {
        if (name is null || !Files.TryGetValue(name, out var bytes))
        {
            context.Response.StatusCode = 404;
            return;
        }

        ContentRequests.AddOrUpdate(name, 1, (_, n) => n + 1);
        if (CorruptNext.TryRemove(name, out _))
        {
            bytes = (byte[])bytes.Clone();
            bytes[^1] ^= 0xFF;
        }

        var start = 0L;
        var range = context.Request.Headers.Range.ToString();
        if (range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            Ranges.Enqueue($"{name}: {range}");
            start = long.Parse(range[6..range.IndexOf('-', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            context.Response.StatusCode = 206;
            context.Response.Headers.ContentRange = $"bytes {start}-{bytes.Length - 1}/{bytes.Length}";
        }

        context.Response.ContentLength = bytes.Length - start;
#pragma warning disable CA5351 // S3's ETag of a single-part upload is its MD5 (the SDK checks a whole object's body against it)
        context.Response.Headers.ETag = "\"" + Convert.ToHexStringLower(MD5.HashData(Files[name])) + "\"";
#pragma warning restore CA5351
        var chunk = ThrottleBytesPerSecond > 0 ? Math.Max(1, ThrottleBytesPerSecond / 20) : bytes.Length;
        for (var offset = start; offset < bytes.Length; offset += chunk)
        {
            await context.Response.Body.WriteAsync(bytes.AsMemory((int)offset, (int)Math.Min(chunk, bytes.Length - offset)), context.RequestAborted);
            if (ThrottleBytesPerSecond > 0)
            {
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(50, context.RequestAborted);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Which protocol a <see cref="FakeModelServer"/> speaks.</summary>
public enum FakeProtocol
{
    Hub,
    S3,
    Oci,
}
