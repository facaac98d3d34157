using Sluice.Controllers.Metrics;
using Sluice.Controllers.Runtimes;

namespace Sluice.Controllers.EngineApi;

/// <summary>Scrapes one engine pod's <c>/metrics</c> into an <see cref="EngineMetricsSnapshot"/>.</summary>
public sealed class EngineMetricsScraper(HttpClient http)
{
    /// <summary>The exposition format asked for: Prometheus text 0.0.4, what <see cref="PrometheusTextParser"/> reads.</summary>
    public const string TextFormat = "text/plain; version=0.0.4";

    /// <summary>
    /// Fetches and parses the pod's metrics, stamped <paramref name="scrapedAt"/> (the caller's clock, so one
    /// control period's scrapes share a time); <see cref="EngineApiException"/> on a failed or malformed scrape (with an inner
    /// <see cref="FormatException"/> when the page arrived but its metrics are malformed or missing). <paramref name="runtime"/>
    /// names a proxied runtime's metrics (<see cref="RuntimeSnapshotReader"/>); null reads the sluice engine's own contract.
    /// </summary>
    public async Task<EngineMetricsSnapshot> ScrapeAsync(Uri engineBaseUrl, DateTimeOffset scrapedAt, CancellationToken cancellationToken, RuntimeMetricNames? runtime = null)
    {
        var url = new Uri(engineBaseUrl, "metrics");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd(TextFormat); // never OpenMetrics (exemplars, # EOF): the parser reads 0.0.4
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new EngineApiException($"GET {url} answered {(int)response.StatusCode}");
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var samples = PrometheusTextParser.Parse(text);
            return runtime is null ? EngineMetricsSnapshot.From(samples, scrapedAt) : RuntimeSnapshotReader.Read(samples, runtime, scrapedAt);
        }
        catch (Exception ex) when (ex is HttpRequestException or FormatException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new EngineApiException($"scraping {url} failed: {ex.Message}", ex);
        }
    }
}
