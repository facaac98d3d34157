using Sluice.Engine.Fetch;
using Sluice.Engine.Fetch.Cache;
using Sluice.Engine.Fetch.Sources;

namespace Sluice.Engine.Tests.Fetch;

public sealed class FetchPureLogicTests
{
    [Theory]
    [InlineData("hf://meta-llama/Meta-Llama-3-8B", "hf", "meta-llama", "Meta-Llama-3-8B", "")]
    [InlineData("s3://models/llama/8b", "s3", "models", "llama/8b", "")]
    [InlineData("s3://my.bucket", "s3", "my.bucket", "", "")]
    [InlineData("oci://registry.local:5000/models/llama:v1", "oci", "registry.local:5000", "models/llama", "v1")]
    [InlineData("oci://ghcr.io/acme/tiny", "oci", "ghcr.io", "acme/tiny", "latest")]
    [InlineData("pvc://weights/llama", "pvc", "weights", "llama", "")]
    [InlineData("dummy://tiny", "dummy", "tiny", "", "")]
    public void Parses_every_source_form(string text, string scheme, string host, string path, string reference)
    {
        SourceUri.Parse(text).Should().Be(new SourceUri(scheme, host, path, reference));
    }

    [Fact]
    public void Parses_an_oci_digest_reference()
    {
        var digest = "sha256:" + new string('a', 64);
        SourceUri.Parse($"oci://r.io/m@{digest}").Reference.Should().Be(digest);
    }

    [Theory]
    [InlineData("hf://only-org")]
    [InlineData("s3://UPPER/x")]
    [InlineData("s3://b/a//b")]
    [InlineData("oci://r.io/Upper:tag")]
    [InlineData("oci://r.io/m@sha256:short")]
    [InlineData("ftp://x/y")]
    [InlineData("")]
    public void Refuses_malformed_sources(string text)
    {
        SourceUri.TryParse(text, out _).Should().BeFalse();
        var parse = () => SourceUri.Parse(text);
        parse.Should().Throw<FormatException>().WithMessage("*hf://org/repo*");
    }

    [Theory]
    [InlineData("model.safetensors", true)]
    [InlineData("sub/dir/model.safetensors", true)]
    [InlineData("config.json", true)]
    [InlineData("original/consolidated.pth", false)]
    [InlineData("pytorch_model.bin", false)]
    public void Patterns_allow_then_ignore(string path, bool included)
    {
        var patterns = new FilePatterns(["*.safetensors", "*.json", "original/*"], ["original/", "*.bin"]);
        patterns.Includes(path).Should().Be(included);
    }

    [Fact]
    public void No_allow_pattern_takes_everything_not_ignored()
    {
        var patterns = new FilePatterns(null, ["*.md", "model-0000[!1]*"]);
        patterns.Includes("README.md").Should().BeFalse();
        patterns.Includes("model-00002.safetensors").Should().BeFalse();
        patterns.Includes("model-00001.safetensors").Should().BeTrue();
        patterns.Includes("config.json").Should().BeTrue();
    }

    [Theory]
    [InlineData("a/b.json", true)]
    [InlineData("../etc/passwd", false)]
    [InlineData("/abs", false)]
    [InlineData("a//b", false)]
    [InlineData("a/./b", false)]
    public void Only_safe_relative_paths_are_accepted(string path, bool safe) => RemoteFile.IsSafePath(path).Should().Be(safe);

    [Fact]
    public void Eviction_takes_the_least_recently_used_first_and_only_as_much_as_needed()
    {
        var t0 = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var candidates = new[]
        {
            new CacheEviction.Candidate("new", 30, t0.AddHours(3), false),
            new CacheEviction.Candidate("old", 30, t0, false),
            new CacheEviction.Candidate("middle", 30, t0.AddHours(1), false),
        };

        var plan = CacheEviction.For(candidates, usedBytes: 90, neededBytes: 40, capacityBytes: 100);

        plan.Fits.Should().BeTrue();
        plan.Evict.Select(c => c.Directory).Should().Equal("old");
        plan.UsedAfterBytes.Should().Be(60);
    }

    [Fact]
    public void Eviction_never_takes_protected_entries_and_says_when_it_cannot_fit()
    {
        var t0 = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var candidates = new[] { new CacheEviction.Candidate("locked", 50, t0, true), new CacheEviction.Candidate("free", 20, t0.AddHours(1), false) };

        var plan = CacheEviction.For(candidates, usedBytes: 70, neededBytes: 60, capacityBytes: 100);

        plan.Fits.Should().BeFalse();
        plan.Evict.Select(c => c.Directory).Should().Equal("free");
    }

    [Fact]
    public void Nothing_is_evicted_when_the_model_fits()
    {
        var plan = CacheEviction.For([new CacheEviction.Candidate("a", 10, DateTime.UtcNow, false)], 10, 10, 100);
        plan.Evict.Should().BeEmpty();
        plan.Fits.Should().BeTrue();
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(5, 32)]
    [InlineData(30, 300)]
    public void Backoff_doubles_from_two_seconds_to_five_minutes(int failures, double seconds)
    {
        Backoff.After(failures, 0.5).TotalSeconds.Should().BeApproximately(seconds, 1e-9);
        Backoff.After(failures, 0).TotalSeconds.Should().BeApproximately(seconds * 0.8, 1e-9);
    }

    [Fact]
    public void Www_authenticate_parameters_keep_quoted_commas()
    {
        var parameters = WwwAuthenticate.Parameters("realm=\"https://auth.io/token\",service=\"registry.io\",scope=\"repository:a/b:pull,push\"");
        parameters["realm"].Should().Be("https://auth.io/token");
        parameters["service"].Should().Be("registry.io");
        parameters["scope"].Should().Be("repository:a/b:pull,push");
    }

    [Fact]
    public void Cache_entries_are_per_source_and_revision_and_filter()
    {
        var layout = new CacheLayout("/cache");
        var a = layout.Entry(SourceUri.Parse("hf://acme/tiny"), "abc", "");
        var b = layout.Entry(SourceUri.Parse("hf://acme/tiny"), "def", "");
        var filtered = layout.Entry(SourceUri.Parse("hf://acme/tiny"), "abc", CacheLayout.FilterKey(["*.json"], []));
        var other = layout.Entry(SourceUri.Parse("hf://acme/other"), "abc", "");

        a.Directory.Should().StartWith("/cache/models/hf/acme--tiny-").And.EndWith("/abc");
        new[] { a.Directory, b.Directory, filtered.Directory, other.Directory }.Should().OnlyHaveUniqueItems();
        CacheLayout.FilterKey([], []).Should().BeEmpty();
        a.PartialDirectory.Should().Be(a.Directory + ".partial");
    }
}
