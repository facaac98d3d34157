using Sluice.Controllers.Metrics;

namespace Sluice.Controllers.EngineApi;

/// <summary>Scrapes one engine pod's <c>/metrics</c> into an <see cref="EngineMetricsSnapshot"/>.</summary>
public sealed class EngineMetricsScraper(HttpClient http, TimeProvider clock)
{
    /// <summary>Fetches and parses the pod's metrics; <see cref="EngineApiException"/> on a failed or malformed scrape.</summary>
    public async Task<EngineMetricsSnapshot> ScrapeAsync(Uri engineBaseUrl, CancellationToken cancellationToken)
    {
        var url = new Uri(engineBaseUrl, "metrics");
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new EngineApiException($"GET {url} answered {(int)response.StatusCode}");
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return EngineMetricsSnapshot.From(PrometheusTextParser.Parse(text), clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is HttpRequestException or FormatException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new EngineApiException($"scraping {url} failed: {ex.Message}", ex);
        }
    }
}
