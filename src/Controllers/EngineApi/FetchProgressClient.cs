using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Contracts.Fetch;

namespace Sluice.Controllers.EngineApi;

/// <summary>
/// Reads a running fetch init container's progress from <c>GET /fetch/progress</c> on the pod's API port (the
/// engine is not running yet, so the port is the fetcher's). Plain HTTP to the pod IP, like the metrics scrape: no RBAC,
/// nothing written by the pod. Any failure is "no report" (the fetcher may be between attempts or just starting).
/// </summary>
public sealed class FetchProgressClient(HttpClient http)
{
    /// <summary>The longest a read may take; the reconciler never waits longer on one pod.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The report of the fetcher at <paramref name="podBaseUrl"/>, or null when it does not answer one.</summary>
    public async Task<FetchProgressReport?> TryReadAsync(Uri podBaseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(podBaseUrl);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await http.GetFromJsonAsync(new Uri(podBaseUrl, FetchProgressReport.Path.TrimStart('/')), FetchJsonContext.Default.FetchProgressReport, timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException or System.Net.Sockets.SocketException or IOException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }
}
