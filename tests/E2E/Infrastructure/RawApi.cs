using System.Net.Http.Headers;
using System.Text;

namespace Sluice.E2E.Infrastructure;

/// <summary>
/// Plain HTTP calls to the API server for what the typed client has no model for (Nodes, the pods/binding
/// subresource), as the kubelet and the scheduler would make them.
/// </summary>
public sealed class RawApi : IDisposable
{
    private readonly HttpClient _http;

    public RawApi(Uri server, string token)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        _http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Sends <paramref name="json"/>; throws with the server's answer on any status but 2xx (and 409 when <paramref name="allowConflict"/>).</summary>
    public async Task SendAsync(HttpMethod method, string path, string json, string contentType = "application/json", bool allowConflict = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode && !(allowConflict && response.StatusCode == System.Net.HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public void Dispose() => _http.Dispose();
}
