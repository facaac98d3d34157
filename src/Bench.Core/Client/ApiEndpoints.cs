using Sluice.Bench.Spec;

namespace Sluice.Bench.Client;

/// <summary>Resolves the request URL of an API kind against a base URL.</summary>
public static class ApiEndpoints
{
    /// <summary>
    /// <c>{base}/v1/completions</c> or <c>{base}/v1/chat/completions</c>; a base URL that already ends
    /// in <c>/v1</c> is not given a second one.
    /// </summary>
    public static Uri Resolve(Uri baseUrl, ApiKind api)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var root = baseUrl.AbsoluteUri.TrimEnd('/');
        if (!root.EndsWith("/v1", StringComparison.Ordinal))
        {
            root += "/v1";
        }

        return new Uri(root + (api == ApiKind.Chat ? "/chat/completions" : "/completions"));
    }
}
