using Microsoft.Extensions.Configuration;
using Sluice.Operator.Configuration;

namespace Sluice.Operator.Tests.Configuration;

public class ModelCacheConfigTests
{
    private static OperatorConfig Bind(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return OperatorConfig.From(new ConfigurationBuilder().AddJsonStream(stream).Build());
    }

    [Fact]
    public void Binds_the_chart_rendered_model_cache()
    {
        var cache = Bind("""
            {"Sluice": {"ModelCache": {"AccessMode": "ReadWriteOnce", "AssumedLoadBytesPerSecond": 2000000000, "ClaimName": "models",
              "Enabled": true, "EvictMinIdleSeconds": 60, "MaxBytes": 1099511627776, "Size": "2Ti", "StartupMarginSeconds": 120, "StorageClassName": "nfs"}}}
            """).ValidatedModelCache();

        (cache.AccessMode, cache.ClaimName, cache.Size, cache.StorageClassName).Should().Be(("ReadWriteOnce", "models", "2Ti", "nfs"));
        (cache.MaxBytes, cache.EvictMinIdleSeconds, cache.StartupMarginSeconds).Should().Be((1099511627776L, 60, 120));
        cache.AssumedLoadBytesPerSecond.Should().Be(2e9);
    }

    [Fact]
    public void Defaults_share_one_read_write_many_claim()
    {
        var cache = Bind("{}").ValidatedModelCache();
        (cache.Enabled, cache.AccessMode, cache.ClaimName, cache.MaxBytes).Should().Be((true, "ReadWriteMany", "sluice-model-cache", 0L));
    }

    [Theory]
    [InlineData("""{"AccessMode": "ReadOnlyMany"}""", "AccessMode")]
    [InlineData("""{"ClaimName": ""}""", "ClaimName")]
    [InlineData("""{"MaxBytes": -1}""", "MaxBytes")]
    [InlineData("""{"AssumedLoadBytesPerSecond": 0}""", "AssumedLoadBytesPerSecond")]
    public void A_bad_setting_is_refused_by_name(string section, string setting)
    {
        var config = Bind("{\"Sluice\": {\"ModelCache\": " + section + "}}");
        FluentActions.Invoking(config.ValidatedModelCache).Should().Throw<ArgumentException>().WithMessage($"*{setting}*");
    }
}
