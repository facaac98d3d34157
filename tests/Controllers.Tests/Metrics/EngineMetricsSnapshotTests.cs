using Sluice.Controllers.Metrics;

namespace Sluice.Controllers.Tests.Metrics;

public class EngineMetricsSnapshotTests
{
    [Theory]
    [InlineData("sluice_kv_cache_capacity_tokens 65536\nsluice_requests_waiting 0", 65536.0)]
    [InlineData("sluice_kv_cache_capacity_tokens 1.6384e+04", 16384.0)]
    [InlineData("sluice_requests_waiting 0", null)]
    [InlineData("sluice_kv_cache_capacity_tokens 0", null)]
    [InlineData("sluice_kv_cache_capacity_tokens NaN", null)]
    [InlineData("sluice_kv_cache_capacity_tokens +Inf", null)]
    public void Kv_capacity_is_read_from_the_gauge_and_absent_or_non_positive_means_unknown(string text, double? expected)
    {
        var snapshot = EngineMetricsSnapshot.From(PrometheusTextParser.Parse(text), DateTimeOffset.UnixEpoch);

        snapshot.KvCacheCapacityTokens.Should().Be(expected);
    }
}
