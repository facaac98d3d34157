using System.Globalization;
using System.Text;

namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>The admission proxy's own lines, as <c>sluice-engine proxy</c> writes them before the runtime's page.</summary>
internal static class ProxyPage
{
    public static string Text(int batch, double? rate, double finished, double rejected, double inFlight, (double Below, double Above, double Split)? ttft = null)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"sluice_requests_total{{outcome=\"finished\"}} {finished}\nsluice_requests_total{{outcome=\"rejected_rate\"}} {rejected}\n");
        sb.Append(CultureInfo.InvariantCulture, $"sluice_requests_running {inFlight}\nsluice_config_max_batch_size {batch}\nsluice_config_max_request_rate {rate ?? 0}\n");
        if (ttft is { } t)
        {
            sb.Append(CultureInfo.InvariantCulture, $"sluice_time_to_first_token_seconds_bucket{{le=\"{t.Split}\"}} {t.Below}\n");
            sb.Append(CultureInfo.InvariantCulture, $"sluice_time_to_first_token_seconds_bucket{{le=\"+Inf\"}} {t.Below + t.Above}\nsluice_time_to_first_token_seconds_count {t.Below + t.Above}\n");
        }

        return sb.ToString();
    }

    public static string Fixture(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "runtimes", file));
}
