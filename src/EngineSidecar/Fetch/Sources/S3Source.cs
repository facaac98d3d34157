using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Sluice.Contracts.Fetch;

namespace Sluice.Engine.Fetch.Sources;

/// <summary>
/// Objects under a key prefix of an S3 bucket, through AWSSDK.S3 (path-style addressing, so MinIO and other
/// S3-compatible stores work with an endpoint). Files are the keys below the prefix; the revision is a hash of the
/// listing (keys, sizes, ETags), so a changed object is a new cache entry. A single-part ETag (no '-') is the
/// content's MD5 and is verified. Credentials (optional: anonymous otherwise) are read from files at every resolve.
/// </summary>
public sealed class S3Source(Uri? endpoint, string region, string bucket, string prefix, string? accessKeyFile, string? secretKeyFile, string? sessionTokenFile)
    : IModelSource, IDisposable
{
    private AmazonS3Client? _client;

    public string Description => $"s3://{bucket}/{prefix}" + (endpoint is null ? $" (region {region})" : $" ({endpoint.Authority})");

    public async Task<ResolvedModel> ResolveAsync(CancellationToken cancellationToken)
    {
        _client?.Dispose();
        _client = CreateClient();
        var keyPrefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
        var files = new List<RemoteFile>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = keyPrefix };
        ListObjectsV2Response page;
        do
        {
            page = await CallAsync("listing", () => _client.ListObjectsV2Async(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                var path = item.Key[keyPrefix.Length..];
                if (path.Length == 0 || path.EndsWith('/'))
                {
                    continue; // directory markers
                }

                if (!RemoteFile.IsSafePath(path))
                {
                    throw new FetchFailure(FetchErrorKind.SourceInvalid, $"{Description} holds an object with an unsafe name '{item.Key}'");
                }

                var etag = item.ETag?.Trim('"').ToLowerInvariant();
                var md5 = etag is { Length: 32 } && !etag.Contains('-', StringComparison.Ordinal) ? etag : null;
                files.Add(new RemoteFile(path, item.Size ?? 0, null, md5, item.Key));
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        if (files.Count == 0)
        {
            throw new FetchFailure(FetchErrorKind.RevisionNotFound, $"{Description} holds no objects under the prefix '{keyPrefix}'");
        }

        var listing = string.Join('\n', files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => $"{f.Path}\t{f.SizeBytes}\t{f.Md5Hex}"));
        return new ResolvedModel(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing)))[..32], files);
    }

    public async Task<RemotePayload> OpenAsync(RemoteFile file, long offsetBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var client = _client ?? throw new InvalidOperationException("resolve before opening files");
        if (offsetBytes >= file.SizeBytes)
        {
            return new RemotePayload(Stream.Null, offsetBytes);
        }

        var request = new GetObjectRequest { BucketName = bucket, Key = file.Locator };
        if (offsetBytes > 0)
        {
            request.ByteRange = new ByteRange(offsetBytes, file.SizeBytes - 1);
        }

        var response = await CallAsync($"object {file.Locator}", () => client.GetObjectAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        var start = response.HttpStatusCode == HttpStatusCode.PartialContent ? offsetBytes : 0;
        return new RemotePayload(response.ResponseStream, start, response);
    }

    public void Dispose() => _client?.Dispose();

    private AmazonS3Client CreateClient()
    {
        var accessKey = CredentialFiles.ReadOptional(accessKeyFile, "the S3 access key id");
        var secretKey = CredentialFiles.ReadOptional(secretKeyFile, "the S3 secret access key");
        var sessionToken = CredentialFiles.ReadOptional(sessionTokenFile, "the S3 session token");
        AWSCredentials credentials = accessKey is null || secretKey is null
            ? new AnonymousAWSCredentials()
            : sessionToken is null ? new BasicAWSCredentials(accessKey, secretKey) : new SessionAWSCredentials(accessKey, secretKey, sessionToken);
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromSeconds(60),
            AuthenticationRegion = region,
        };
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }

        return new AmazonS3Client(credentials, config);
    }

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await HttpFailures.TransportAsync($"{Description} {what}", call, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex)
        {
            var text = $"{Description} {what} answered {(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message}";
            throw ex.ErrorCode switch
            {
                "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" or "ExpiredToken" or "InvalidToken" => new FetchFailure(FetchErrorKind.CredentialsRejected, text, ex),
                "NoSuchBucket" or "NoSuchKey" => new FetchFailure(FetchErrorKind.RevisionNotFound, text, ex),
                _ when ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new FetchFailure(FetchErrorKind.CredentialsRejected, text, ex),
                _ when ex.StatusCode == HttpStatusCode.NotFound => new FetchFailure(FetchErrorKind.RevisionNotFound, text, ex),
                _ when (int)ex.StatusCode >= 500 || ex.StatusCode == 0 => new FetchFailure(FetchErrorKind.SourceUnreachable, text, ex),
                _ => new FetchFailure(FetchErrorKind.SourceInvalid, text, ex),
            };
        }
        catch (AmazonServiceException ex) when (ex.InnerException is HttpRequestException or IOException or TaskCanceledException)
        {
            throw new FetchFailure(FetchErrorKind.SourceUnreachable, $"{Description} {what} cannot be reached: {ex.InnerException!.Message}", ex);
        }
        catch (AmazonClientException ex)
        {
            throw new FetchFailure(FetchErrorKind.SourceUnreachable, $"{Description} {what} failed: {ex.Message}", ex);
        }
    }
}
