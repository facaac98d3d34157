using Sluice.Engine.Fetch;

namespace Sluice.Engine.Tests.Fetch;

public sealed class FetchCommandOptionsTests
{
    private static FetchOptions Parse(params string[] args) => FetchCommand.ToOptions(FetchCommand.Create().Parse(args));

    [Fact]
    public void Reads_every_option()
    {
        var options = Parse("--source", "hf://acme/tiny", "--revision", "v2", "--endpoint", "http://mirror:8080", "--cache-dir", "/c",
            "--allow-pattern", "*.json", "--allow-pattern", "*.safetensors", "--ignore-pattern", "original/", "--cache-max-bytes", "1000",
            "--evict-min-idle", "60", "--link", "/l/current", "--progress-port", "8000", "--attempts", "3", "--verify-full", "--lock-stale-after", "30",
            "--credentials-dir", "/creds");

        options.Source.Should().Be(SourceUri.Parse("hf://acme/tiny"));
        (options.Revision, options.Endpoint!.ToString(), options.CacheDirectory, options.LinkPath).Should().Be(("v2", "http://mirror:8080/", "/c", "/l/current"));
        options.AllowPatterns.Should().Equal("*.json", "*.safetensors");
        options.IgnorePatterns.Should().Equal("original/");
        (options.CacheMaxBytes, options.EvictMinIdle, options.ProgressPort, options.Attempts, options.VerifyFull, options.LockStaleAfter)
            .Should().Be((1000L, TimeSpan.FromMinutes(1), 8000, 3, true, TimeSpan.FromSeconds(30)));
        options.CredentialsDirectory.Should().Be("/creds");
    }

    [Theory]
    [InlineData("is not hf://org/repo", "--source", "hf://only", "--cache-dir", "/c")]
    [InlineData("--revision applies to hf:// sources only", "--source", "oci://r.io/m:v1", "--revision", "main", "--cache-dir", "/c")]
    [InlineData("is not an http(s) URL", "--source", "s3://bkt/p", "--endpoint", "ftp://x", "--cache-dir", "/c")]
    [InlineData("--attempts", "--source", "s3://bkt/p", "--attempts", "-1", "--cache-dir", "/c")]
    [InlineData("--cache-dir", "--source", "s3://bkt/p")]
    public void Refuses_bad_options_by_name(string message, params string[] args)
    {
        FluentActions.Invoking(() => Parse(args)).Should().Throw<ArgumentException>().WithMessage($"*{message}*");
    }

    [Theory]
    [InlineData("pvc://claim/dir")]
    [InlineData("dummy://tiny")]
    public async Task Sources_without_a_download_succeed_at_once(string source)
    {
        var code = await FetchCommand.RunAsync(new FetchOptions { Source = SourceUri.Parse(source), CacheDirectory = "/nonexistent", TerminationMessagePath = "" }, CancellationToken.None);
        code.Should().Be(0);
    }
}
