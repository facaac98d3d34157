using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Controllers.EngineApi;

/// <summary>
/// Reads and sets one engine pod's live knobs through <c>GET/PUT /admin/config</c> with the deployment's
/// admin bearer token. Failures surface as <see cref="EngineApiException"/> naming the pod and status.
/// </summary>
public sealed class EngineAdminClient(HttpClient http)
{
    /// <summary>The pod's current knobs.</summary>
    public async Task<EngineLiveConfig> GetAsync(Uri engineBaseUrl, string adminToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(engineBaseUrl, "admin/config"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>Sets max batch size and admitted rate (null = unlimited); returns the knobs the engine now runs with.</summary>
    public Task<EngineLiveConfig> SetAsync(Uri engineBaseUrl, string adminToken, int maxBatchSize, double? maxRequestRate, CancellationToken cancellationToken) =>
        SetAsync(engineBaseUrl, adminToken, maxBatchSize, maxRequestRate, null, cancellationToken);

    /// <summary>
    /// Sets max batch size and admitted rate and, when <paramref name="slo"/> is given, the TTFT and TPOT limits the engine judges
    /// each finished request against (sluice_requests_within_slo_total; null = no limit); returns the knobs the engine now runs with.
    /// </summary>
    public async Task<EngineLiveConfig> SetAsync(
        Uri engineBaseUrl, string adminToken, int maxBatchSize, double? maxRequestRate, (double? TtftSeconds, double? TpotSeconds)? slo, CancellationToken cancellationToken)
    {
        // Built by hand rather than by reflection, so that a trimmed operator binary sends it too.
        var fields = new JsonObject { ["maxBatchSize"] = maxBatchSize, ["maxRequestRate"] = maxRequestRate };
        if (slo is { } limits)
        {
            fields["sloTtftSeconds"] = limits.TtftSeconds;
            fields["sloTpotSeconds"] = limits.TpotSeconds;
        }

        var body = fields.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(engineBaseUrl, "admin/config"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        return await SendAsync(request, cancellationToken);
    }

    private async Task<EngineLiveConfig> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new EngineApiException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {Shorten(text)}");
            }

            var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))
                ?? throw new EngineApiException($"{request.Method} {request.RequestUri} answered an empty body");
            return new EngineLiveConfig(
                document["maxBatchSize"]?.GetValue<int>() ?? throw new EngineApiException($"{request.Method} {request.RequestUri} answered no maxBatchSize"),
                document["maxRequestRate"]?.GetValue<double>(),
                document["maxBatchedTokens"]?.GetValue<int>() ?? 0);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or FormatException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new EngineApiException($"{request.Method} {request.RequestUri} failed: {ex.Message}", ex);
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
