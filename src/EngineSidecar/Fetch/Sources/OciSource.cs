using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Sluice.Contracts.Fetch;

namespace Sluice.Engine.Fetch.Sources;

/// <summary>
/// A model stored as an OCI artifact (e.g. pushed with ORAS): the manifest at <c>/v2/{repository}/manifests/{reference}</c>,
/// one layer per file named by its <c>org.opencontainers.image.title</c> annotation, each blob at
/// <c>/v2/{repository}/blobs/{digest}</c> (Range for resume, its digest as the sha256). A 401 with a Bearer challenge runs the
/// distribution spec's token flow (basic credentials, when given, at the token realm); a Basic challenge gets them directly.
/// </summary>
public sealed class OciSource(HttpClient http, Uri registry, string repository, string reference, string? usernameFile, string? passwordFile) : IModelSource
{
    /// <summary>The layer annotation holding the file name.</summary>
    public const string TitleAnnotation = "org.opencontainers.image.title";

    private const string ManifestTypes =
        "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

    private AuthenticationHeaderValue? _authorization;

    public string Description => $"oci://{registry.Authority}/{repository}:{reference}";

    public async Task<ResolvedModel> ResolveAsync(CancellationToken cancellationToken)
    {
        _authorization = null;
        var url = new Uri(registry, $"v2/{repository}/manifests/{reference}");
        using var response = await SendAsync(url, ManifestTypes, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await HttpFailures.EnsureSuccessAsync(response, $"{Description} manifest", cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (reference.StartsWith("sha256:", StringComparison.Ordinal) && reference != digest)
        {
            throw new FetchFailure(FetchErrorKind.ChecksumMismatch, $"{Description}: the manifest's digest is {digest}");
        }

        OciManifest? manifest;
        try
        {
            manifest = System.Text.Json.JsonSerializer.Deserialize(bytes, FetchJson.Default.OciManifest);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new FetchFailure(FetchErrorKind.SourceInvalid, $"{Description}: the manifest is not JSON: {ex.Message}", ex);
        }

        if (manifest?.Layers is not { Count: > 0 } layers)
        {
            throw new FetchFailure(FetchErrorKind.SourceInvalid, $"{Description}: the manifest has no layers (an image index or an empty artifact is not a model)");
        }

        var files = new List<RemoteFile>();
        foreach (var layer in layers)
        {
            if (layer.Annotations?.GetValueOrDefault(TitleAnnotation) is not { } title || !RemoteFile.IsSafePath(title))
            {
                throw new FetchFailure(FetchErrorKind.SourceInvalid,
                    $"{Description}: layer {layer.Digest} has no safe file name in its {TitleAnnotation} annotation (push each file as a titled layer, e.g. with oras)");
            }

            if (!layer.Digest.StartsWith("sha256:", StringComparison.Ordinal) || layer.Digest.Length != 71)
            {
                throw new FetchFailure(FetchErrorKind.SourceInvalid, $"{Description}: layer {title} has digest {layer.Digest}; only sha256 is read");
            }

            files.Add(new RemoteFile(title, layer.Size, layer.Digest[7..], null, layer.Digest));
        }

        // The directory name: the digest's hex (':' is not portable in paths).
        return new ResolvedModel(digest[7..], files);
    }

    public async Task<RemotePayload> OpenAsync(RemoteFile file, long offsetBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var url = new Uri(registry, $"v2/{repository}/blobs/{file.Locator}");
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = _authorization;
        return await HttpDownload.OpenAsync(http, request, offsetBytes, $"{Description} layer {file.Path}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, string accept, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            request.Headers.Authorization = _authorization;
            var response = await HttpFailures.TransportAsync(Description, () => http.SendAsync(request, completion, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0 || response.Headers.WwwAuthenticate.FirstOrDefault() is not { } challenge)
            {
                return response;
            }

            response.Dispose();
            _authorization = await AuthorizeAsync(challenge, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AuthenticationHeaderValue> AuthorizeAsync(AuthenticationHeaderValue challenge, CancellationToken cancellationToken)
    {
        var username = CredentialFiles.ReadOptional(usernameFile, "the registry username");
        var password = CredentialFiles.ReadOptional(passwordFile, "the registry password");
        var basic = username is null ? null : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return basic ?? throw new FetchFailure(FetchErrorKind.CredentialsRejected, $"{Description} asks for a username and password and none are configured");
        }

        var parameters = WwwAuthenticate.Parameters(challenge.Parameter);
        if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
        {
            throw new FetchFailure(FetchErrorKind.SourceInvalid, $"{Description} sent a Bearer challenge without a realm: {challenge}");
        }

        var query = new List<string>();
        foreach (var key in new[] { "service", "scope" })
        {
            if (parameters.TryGetValue(key, out var value))
            {
                query.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }

        var tokenUrl = new UriBuilder(realmUri) { Query = string.Join('&', query) }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, tokenUrl);
        request.Headers.Authorization = basic;
        using var response = await HttpFailures.TransportAsync($"{Description} token endpoint", () => http.SendAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        await HttpFailures.EnsureSuccessAsync(response, $"{Description} token endpoint {realmUri.Authority}", cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadFromJsonAsync(FetchJson.Default.OciTokenAnswer, cancellationToken).ConfigureAwait(false);
        var token = answer?.Token ?? answer?.AccessToken
            ?? throw new FetchFailure(FetchErrorKind.SourceInvalid, $"{Description} token endpoint answered no token");
        return new AuthenticationHeaderValue("Bearer", token);
    }
}
