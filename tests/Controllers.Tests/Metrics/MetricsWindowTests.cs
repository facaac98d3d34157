using System.Globalization;
using System.Text;
using Sluice.Controllers.Metrics;

namespace Sluice.Controllers.Tests.Metrics;

public class MetricsWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly double[] TtftBounds = [0.1, 0.5, 1, double.PositiveInfinity];
    private static readonly double[] TpotBounds = [0.01, 0.02, 0.05, double.PositiveInfinity];

    /// <summary>Engine metrics text with the given cumulative counts (requests all finished).</summary>
    private static string Exposition(double[] ttftCounts, double[] tpotCounts, double finished, double rejected, double tokens, double waiting)
    {
        var sb = new StringBuilder();
        void Histogram(string name, double[] bounds, double[] counts)
        {
            for (var i = 0; i < bounds.Length; i++)
            {
                var le = double.IsPositiveInfinity(bounds[i]) ? "+Inf" : bounds[i].ToString(CultureInfo.InvariantCulture);
                sb.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"{le}\"}} {counts[i]}\n");
            }

            sb.Append(CultureInfo.InvariantCulture, $"{name}_count {counts[^1]}\n{name}_sum 1\n");
        }

        Histogram("sluice_time_to_first_token_seconds", TtftBounds, ttftCounts);
        Histogram("sluice_time_per_output_token_seconds", TpotBounds, tpotCounts);
        sb.Append(CultureInfo.InvariantCulture, $"sluice_requests_total{{outcome=\"finished\"}} {finished}\nsluice_requests_total{{outcome=\"rejected_rate\"}} {rejected}\n");
        sb.Append(CultureInfo.InvariantCulture, $"sluice_requests_total{{outcome=\"rejected_invalid\"}} 100\nsluice_generation_tokens_total {tokens}\n");
        sb.Append(CultureInfo.InvariantCulture, $"sluice_requests_waiting {waiting}\nsluice_requests_running 2\nsluice_kv_cache_usage_ratio 0.5\nsluice_config_max_batch_size 8\n");
        return sb.ToString();
    }

    private static EngineMetricsSnapshot Scrape(string text, double atSeconds) =>
        EngineMetricsSnapshot.From(PrometheusTextParser.Parse(text), T0.AddSeconds(atSeconds));

    [Fact]
    public void Deltas_over_the_window_give_rates_percentiles_and_attainment()
    {
        var window = new MetricsWindow(TimeSpan.FromSeconds(60));
        window.Add("a", Scrape(Exposition([0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0, 0), 0));
        window.Add("a", Scrape(Exposition([10, 10, 10, 10], [10, 10, 10, 10], 10, 0, 500, 0), 60));
        // The next 10 s: 10 more requests, TTFT all in (0.5, 1], TPOT all in (0.02, 0.05], 5 refused with 429.
        window.Add("a", Scrape(Exposition([10, 10, 20, 20], [10, 10, 20, 20], 20, 5, 800, 4), 70));

        var obs = window.Observe(T0.AddSeconds(70), TimeSpan.FromSeconds(10))!;

        obs.DemandRatePerSecond.Should().BeApproximately(1.5, 1e-9, "10 finished + 5 rejected over 10 s; invalid requests are not demand");
        obs.RejectedRatePerSecond.Should().BeApproximately(0.5, 1e-9);
        obs.TokensPerSecond.Should().BeApproximately(30, 1e-9);
        obs.Ttft.Quantile(0.95)!.Value.Should().BeApproximately(0.975, 1e-9);
        obs.RequestsWaiting.Should().Be(4);
        obs.SloAttainment(ttftLimitSeconds: 1, tpotLimitSeconds: 0.05).Should().Be(1);
        obs.SloAttainment(ttftLimitSeconds: 0.75, tpotLimitSeconds: 0.05)!.Value.Should().BeApproximately(0.5, 1e-9);
    }

    [Fact]
    public void A_counter_reset_uses_the_newer_scrape_whole_and_pods_add_up()
    {
        var window = new MetricsWindow(TimeSpan.FromSeconds(60));
        window.Add("a", Scrape(Exposition([50, 50, 50, 50], [50, 50, 50, 50], 50, 0, 5000, 0), 0));
        window.Add("a", Scrape(Exposition([3, 3, 3, 3], [3, 3, 3, 3], 3, 0, 90, 1), 10));
        window.Add("b", Scrape(Exposition([0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0, 0), 0));
        window.Add("b", Scrape(Exposition([7, 7, 7, 7], [7, 7, 7, 7], 7, 0, 70, 2), 10));

        var obs = window.Observe(T0.AddSeconds(10))!;

        obs.Pods.Should().Be(2);
        obs.DemandRatePerSecond.Should().BeApproximately(1.0, 1e-9);
        obs.Ttft.Count.Should().Be(10);
        obs.RequestsWaiting.Should().Be(3);

        window.RetainPods(new HashSet<string> { "b" });
        window.Observe(T0.AddSeconds(10))!.Pods.Should().Be(1);
        window.Observe(T0.AddSeconds(500)).Should().BeNull("scrapes older than the window are forgotten");
    }

    [Fact]
    public void A_pod_that_joined_within_the_window_adds_its_arrivals_over_the_same_span()
    {
        // 1 req/s for the deployment: a alone for 18 s, then a and b at 0.5 req/s each for the last 2 s.
        var window = new MetricsWindow(TimeSpan.FromSeconds(60));
        window.Add("a", Scrape(Exposition([0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0, 0), 0));
        window.Add("a", Scrape(Exposition([19, 19, 19, 19], [19, 19, 19, 19], 19, 0, 190, 0), 20));
        window.Add("b", Scrape(Exposition([0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0, 0), 18));
        window.Add("b", Scrape(Exposition([1, 1, 1, 1], [1, 1, 1, 1], 1, 0, 10, 0), 20));

        var obs = window.Observe(T0.AddSeconds(20), TimeSpan.FromSeconds(20))!;

        obs.DemandRatePerSecond.Should().BeApproximately(1.0, 1e-9, "20 arrivals over 20 s, not 0.95 + 0.5 req/s");
        obs.TokensPerSecond.Should().BeApproximately(10.0, 1e-9);
    }

    [Fact]
    public void An_engine_that_finished_no_request_yet_exports_no_histograms_and_counts_as_empty()
    {
        var fresh = EngineMetricsSnapshot.From(PrometheusTextParser.Parse("sluice_requests_waiting 1\nsluice_config_max_batch_size 32"), T0);

        (fresh.Ttft.Count, fresh.Tpot.Count, fresh.Ttft.Quantile(0.95)).Should().Be((0, 0, null));
        fresh.ConfigMaxBatchSize.Should().Be(32);

        var window = new MetricsWindow(TimeSpan.FromSeconds(60));
        window.Add("a", Scrape("sluice_requests_waiting 0", 0));
        window.Add("b", Scrape(Exposition([0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0, 0), 0));
        window.Add("a", Scrape(Exposition([4, 4, 4, 4], [4, 4, 4, 4], 4, 0, 40, 0), 10));
        window.Add("b", Scrape(Exposition([0, 6, 6, 6], [0, 6, 6, 6], 6, 0, 60, 0), 10));
        window.Add("c", Scrape("sluice_requests_waiting 0", 10));
        window.Add("c", Scrape("sluice_requests_waiting 0", 10.5));

        var obs = window.Observe(T0.AddSeconds(10.5))!;

        obs.Ttft.Count.Should().Be(10, "a's first requests count whole against its histogram-less first scrape; c adds nothing");
        obs.Ttft.Quantile(0.5)!.Value.Should().BeApproximately(0.1 + (0.4 / 6), 1e-9, "rank 5 of 10 is the first of the 6 in (0.1, 0.5]");
    }

    [Fact]
    public void The_engines_judged_counts_make_attainment_exact_and_replace_the_bound()
    {
        var window = new MetricsWindow(TimeSpan.FromSeconds(60));
        var base0 = Exposition([0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0, 0);
        // 10 requests: TTFT all over 0.5 s and TPOT all over 0.02 s by the marginals' bound, but the engine counted 7 of 10 within both limits.
        var later = Exposition([0, 0, 10, 10], [0, 0, 10, 10], 10, 0, 100, 0);
        window.Add("a", Scrape(base0, 0));
        window.Add("a", Scrape(later + "sluice_requests_slo_judged_total 10\nsluice_requests_within_slo_total 7\n", 10));

        var exact = window.Observe(T0.AddSeconds(10))!;

        exact.SloAttainmentExact.Should().BeTrue("a counter the older scrape lacked started at zero in between");
        exact.SloAttainment(0.5, 0.02).Should().BeApproximately(0.7, 1e-9);

        var bounded = new MetricsWindow(TimeSpan.FromSeconds(60));
        bounded.Add("a", Scrape(base0, 0));
        bounded.Add("a", Scrape(later, 10));
        var bound = bounded.Observe(T0.AddSeconds(10))!;
        bound.SloAttainmentExact.Should().BeFalse();
        bound.SloAttainment(0.5, 0.02).Should().Be(0, "without the engine's count only the lower bound from the marginals is known");
    }
}
