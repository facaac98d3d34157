using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// HTTP into a <see cref="Simulation"/> without sockets: engine i answers at <see cref="BaseUrl"/>(i) — GET /metrics (its
/// exposition), GET and PUT /admin/config (the levers and the SLO limits, bearer token <see cref="AdminToken"/>, applied at the
/// simulation's clock). Every answer is complete when returned, so the control code runs inside simulated time.
/// </summary>
internal sealed class SimulatedEngineHandler(Simulation simulation) : HttpMessageHandler
{
    public const string AdminToken = "simulated-admin-token";

    /// <summary>The base URL engine <paramref name="engine"/> answers at.</summary>
    public static Uri BaseUrl(int engine) => new($"http://engine-{engine}.sim/");

    /// <summary>The engine a URL addresses; throws for a host no engine answers at.</summary>
    public static int EngineOf(Uri url) =>
        url.Host.StartsWith("engine-", StringComparison.Ordinal) && url.Host.EndsWith(".sim", StringComparison.Ordinal)
            ? int.Parse(url.Host["engine-".Length..^".sim".Length], System.Globalization.CultureInfo.InvariantCulture)
            : throw new ArgumentException($"no simulated engine at {url}", nameof(url));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var engine = simulation.Engines[EngineOf(request.RequestUri!)];
        var path = request.RequestUri!.AbsolutePath;
        if (path == "/metrics" && request.Method == HttpMethod.Get)
        {
            return Text(engine.Metrics.Exposition(engine), "text/plain");
        }

        if (path != "/admin/config")
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        if (request.Headers.Authorization?.Parameter != AdminToken)
        {
            return new HttpResponseMessage(HttpStatusCode.Unauthorized);
        }

        if (request.Method == HttpMethod.Put)
        {
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            var setsSlo = body.ContainsKey("sloTtftSeconds") || body.ContainsKey("sloTpotSeconds");
            engine.Configure(
                body["maxBatchSize"]!.GetValue<int>(), body["maxRequestRate"]?.GetValue<double>(),
                body["sloTtftSeconds"]?.GetValue<double>(), body["sloTpotSeconds"]?.GetValue<double>(), setsSlo, simulation.NowSeconds);
        }

        var config = new JsonObject { ["maxBatchSize"] = engine.MaxBatchSize, ["maxRequestRate"] = engine.MaxRequestRate, ["maxBatchedTokens"] = engine.MaxBatchedTokens };
        return Text(config.ToJsonString(), "application/json");
    }

    private static HttpResponseMessage Text(string body, string mediaType) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
}
