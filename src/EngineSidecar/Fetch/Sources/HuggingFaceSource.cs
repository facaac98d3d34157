using System.Net.Http.Headers;
using Sluice.Contracts.Fetch;

namespace Sluice.Engine.Fetch.Sources;

/// <summary>
/// A Hugging Face hub repository over the hub's HTTP API: the file list with sizes and LFS sha256 from
/// <c>/api/models/{repo}/revision/{rev}?blobs=true</c>, the bytes from <c>/{repo}/resolve/{commit}/{file}</c> with
/// a Range header. The token (optional) is read from its file at every resolve, so a fixed Secret reaches a running fetcher.
/// </summary>
public sealed class HuggingFaceSource(HttpClient http, Uri endpoint, string repository, string revision, string? tokenFile) : IModelSource
{
    /// <summary>The public hub.</summary>
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co/");

    private string? _token;

    // The commit the last resolve found: files are read from it, so a branch moving during the download changes nothing.
    private string? _commit;

    public string Description => $"hf://{repository}@{revision} ({endpoint.Authority})";

    public async Task<ResolvedModel> ResolveAsync(CancellationToken cancellationToken)
    {
        _token = CredentialFiles.ReadOptional(tokenFile, "the Hugging Face token");
        var url = new Uri(endpoint, $"api/models/{repository}/revision/{Uri.EscapeDataString(revision)}?blobs=true");
        using var request = Request(HttpMethod.Get, url);
        using var response = await HttpFailures.TransportAsync(Description, () => http.SendAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        await HttpFailures.EnsureSuccessAsync(response, Description, cancellationToken).ConfigureAwait(false);
        HubModelInfo? info;
        try
        {
            info = await response.Content.ReadFromJsonAsync(FetchJson.Default.HubModelInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new FetchFailure(FetchErrorKind.SourceInvalid, $"{Description} answered a model info that is not JSON: {ex.Message}", ex);
        }

        if (info?.Sha is not { Length: > 0 } sha || !sha.All(char.IsAsciiLetterOrDigit) || info.Siblings is null)
        {
            throw new FetchFailure(FetchErrorKind.SourceInvalid, $"{Description} answered a model info without a commit sha or file list");
        }

        var files = new List<RemoteFile>();
        foreach (var sibling in info.Siblings)
        {
            var size = sibling.Lfs?.Size ?? sibling.Size
                ?? throw new FetchFailure(FetchErrorKind.SourceInvalid, $"{Description} lists {sibling.Name} without a size");
            if (!RemoteFile.IsSafePath(sibling.Name))
            {
                throw new FetchFailure(FetchErrorKind.SourceInvalid, $"{Description} lists an unsafe file name '{sibling.Name}'");
            }

            files.Add(new RemoteFile(sibling.Name, size, sibling.Lfs?.Sha256?.ToLowerInvariant(), null, sibling.Name));
        }

        _commit = sha.ToLowerInvariant();
        return new ResolvedModel(_commit, files);
    }

    public async Task<RemotePayload> OpenAsync(RemoteFile file, long offsetBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var path = string.Join('/', file.Locator.Split('/').Select(Uri.EscapeDataString));
        var revisionSegment = _commit ?? Uri.EscapeDataString(revision);
        var request = Request(HttpMethod.Get, new Uri(endpoint, $"{repository}/resolve/{revisionSegment}/{path}"));
        return await HttpDownload.OpenAsync(http, request, offsetBytes, $"{Description} file {file.Path}", cancellationToken).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        if (_token is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
