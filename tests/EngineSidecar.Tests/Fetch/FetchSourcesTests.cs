using Sluice.Contracts.Fetch;
using Sluice.Engine.Fetch;
using Sluice.Engine.Fetch.Cache;

namespace Sluice.Engine.Tests.Fetch;

/// <summary>The fetcher against local fake sources (hub, S3, registry) over real HTTP, in process.</summary>
public sealed class FetchSourcesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-fetch-").FullName;

    private string Cache => Path.Combine(_root, "cache");

    private string Link => Path.Combine(_root, "model");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Hub_model_is_fetched_verified_linked_and_then_served_from_the_cache()
    {
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files());

        (await RunAsync(Options("hf://acme/tiny", hub))).Should().Be(0);

        Directory.ResolveLinkTarget(Link, returnFinalTarget: false)!.FullName.Should().EndWith(FakeModelServer.Commit);
        foreach (var (name, bytes) in hub.Files)
        {
            File.ReadAllBytes(Path.Combine(Link, name)).Should().Equal(bytes, name);
        }

        hub.TotalContentRequests.Should().Be(4);
        (await RunAsync(Options("hf://acme/tiny", hub))).Should().Be(0);
        hub.TotalContentRequests.Should().Be(4, "the second fetch of the same revision is a cache hit");
        File.ReadAllText(Path.Combine(_root, "termination-log")).Should().Contain("bytes ready");
    }

    [Fact]
    public async Task Two_fetchers_of_one_revision_download_each_file_once()
    {
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files(256 * 1024));
        hub.ThrottleBytesPerSecond = 2 << 20;

        var first = RunAsync(Options("hf://acme/tiny", hub) with { LinkPath = Link + "-a" });
        var second = RunAsync(Options("hf://acme/tiny", hub) with { LinkPath = Link + "-b" });

        (await Task.WhenAll(first, second)).Should().Equal(0, 0);
        hub.ContentRequests.Values.Should().AllBeEquivalentTo(1);
        hub.TotalContentRequests.Should().Be(4);
        File.ReadAllBytes(Path.Combine(Link + "-b", "model.safetensors")).Should().Equal(hub.Files["model.safetensors"]);
    }

    [Fact]
    public async Task A_corrupt_answer_is_detected_by_its_sha256_and_fetched_again()
    {
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files());
        hub.CorruptNext["model.safetensors"] = true;

        (await RunAsync(Options("hf://acme/tiny", hub))).Should().Be(0);

        hub.ContentRequests["model.safetensors"].Should().Be(2);
        File.ReadAllBytes(Path.Combine(Link, "model.safetensors")).Should().Equal(hub.Files["model.safetensors"]);
    }

    [Fact]
    public async Task A_file_corrupted_in_the_cache_is_detected_at_the_next_start_and_only_it_is_fetched_again()
    {
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files());
        (await RunAsync(Options("hf://acme/tiny", hub))).Should().Be(0);
        var cached = Path.Combine(Link, "model.safetensors");
        var bytes = File.ReadAllBytes(cached);
        bytes[^1] ^= 0x55;
        File.WriteAllBytes(cached, bytes);

        (await RunAsync(Options("hf://acme/tiny", hub))).Should().Be(0);

        File.ReadAllBytes(cached).Should().Equal(hub.Files["model.safetensors"]);
        hub.ContentRequests["model.safetensors"].Should().Be(2);
        hub.ContentRequests["config.json"].Should().Be(1);
    }

    [Fact]
    public async Task Allow_and_ignore_patterns_pick_the_files()
    {
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files());

        (await RunAsync(Options("hf://acme/tiny", hub) with { AllowPatterns = ["*.json", "*.safetensors"], IgnorePatterns = ["tokenizer*"] })).Should().Be(0);

        Directory.GetFiles(Link).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Should().BeEquivalentTo("config.json", "model.safetensors");
        hub.ContentRequests.Keys.Should().BeEquivalentTo("config.json", "model.safetensors");
    }

    [Fact]
    public async Task A_gated_hub_repository_without_the_right_token_is_credentials_rejected()
    {
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files());
        hub.RequiredToken = "hf_right";
        var credentials = Directory.CreateDirectory(Path.Combine(_root, "creds")).FullName;
        await File.WriteAllTextAsync(Path.Combine(credentials, "token"), "hf_wrong\n");

        var code = await RunAsync(Options("hf://acme/tiny", hub) with { CredentialsDirectory = credentials });

        code.Should().Be(FetchExitCodes.Of(FetchErrorKind.CredentialsRejected)).And.Be(11);
        File.ReadAllText(Path.Combine(_root, "termination-log")).Should().StartWith("CredentialsRejected: ").And.Contain("401").And.Contain("restricted");

        await File.WriteAllTextAsync(Path.Combine(credentials, "token"), "hf_right");
        (await RunAsync(Options("hf://acme/tiny", hub) with { CredentialsDirectory = credentials })).Should().Be(0);
    }

    [Fact]
    public async Task A_missing_token_file_names_the_secret()
    {
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files());
        var code = await RunAsync(Options("hf://acme/tiny", hub) with { CredentialsDirectory = Path.Combine(_root, "no-such-secret") });
        code.Should().Be(11);
        File.ReadAllText(Path.Combine(_root, "termination-log")).Should().Contain("the Secret or its key is missing");
    }

    [Fact]
    public async Task A_revision_that_does_not_exist_is_revision_not_found()
    {
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files());
        (await RunAsync(Options("hf://acme/tiny", hub) with { Revision = "no-such-branch" })).Should().Be(12);
        File.ReadAllText(Path.Combine(_root, "termination-log")).Should().StartWith("RevisionNotFound: ").And.Contain("no-such-branch");
    }

    [Fact]
    public async Task An_unreachable_host_is_source_unreachable()
    {
        var options = Options("hf://acme/tiny", null) with { Endpoint = new Uri("http://127.0.0.1:9/") };
        (await RunAsync(options)).Should().Be(10);
        File.ReadAllText(Path.Combine(_root, "termination-log")).Should().StartWith("SourceUnreachable: ").And.Contain("cannot be reached");
    }

    [Fact]
    public async Task An_unreachable_source_falls_back_to_the_revision_it_resolved_to_last()
    {
        var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files());
        var endpoint = hub.BaseAddress;
        (await RunAsync(Options("hf://acme/tiny", hub))).Should().Be(0);
        await hub.DisposeAsync();
        File.Delete(Link);

        (await RunAsync(Options("hf://acme/tiny", null) with { Endpoint = endpoint })).Should().Be(0);

        Directory.ResolveLinkTarget(Link, returnFinalTarget: false)!.FullName.Should().EndWith(FakeModelServer.Commit);
        (await RunAsync(Options("hf://acme/tiny", null) with { Endpoint = endpoint, Revision = "never-fetched" })).Should().Be(10, "no cached revision for that branch");
    }

    [Fact]
    public async Task A_cache_cap_below_the_model_is_cache_full_and_eviction_makes_room_when_it_can()
    {
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files());
        (await RunAsync(Options("hf://acme/tiny", hub) with { CacheMaxBytes = 1000 })).Should().Be(13);
        File.ReadAllText(Path.Combine(_root, "termination-log")).Should().StartWith("CacheFull: ");

        // An idle entry of another model is evicted to make room.
        await using var other = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files());
        var size = hub.Files.Values.Sum(b => (long)b.Length);
        (await RunAsync(Options("hf://acme/tiny", other) with { AllowPatterns = ["*"], EvictMinIdle = TimeSpan.Zero })).Should().Be(0);
        (await RunAsync(Options("hf://acme/tiny", hub) with { CacheMaxBytes = size + 1000, EvictMinIdle = TimeSpan.Zero })).Should().Be(0);
        new CacheLayout(Cache).CompleteEntries().Should().ContainSingle();
    }

    [Fact]
    public async Task S3_objects_under_a_prefix_are_fetched_with_their_etag_md5_checked()
    {
        await using var s3 = await FakeModelServer.StartAsync(FakeProtocol.S3, TinyModel.Files());
        var credentials = S3Credentials(FakeModelServer.AccessKey);

        (await RunAsync(Options("s3://models/tiny", s3) with { CredentialsDirectory = credentials })).Should().Be(0);

        File.ReadAllBytes(Path.Combine(Link, "model.safetensors")).Should().Equal(s3.Files["model.safetensors"]);
        s3.TotalContentRequests.Should().Be(4);
    }

    [Fact]
    public async Task S3_with_an_unknown_access_key_is_credentials_rejected()
    {
        await using var s3 = await FakeModelServer.StartAsync(FakeProtocol.S3, TinyModel.Files());
        (await RunAsync(Options("s3://models/tiny", s3) with { CredentialsDirectory = S3Credentials("AKIDWRONG") })).Should().Be(11);
        File.ReadAllText(Path.Combine(_root, "termination-log")).Should().Contain("InvalidAccessKeyId");
    }

    [Fact]
    public async Task S3_with_nothing_under_the_prefix_is_revision_not_found()
    {
        await using var s3 = await FakeModelServer.StartAsync(FakeProtocol.S3, TinyModel.Files());
        (await RunAsync(Options("s3://models/absent", s3) with { CredentialsDirectory = S3Credentials(FakeModelServer.AccessKey) })).Should().Be(12);
    }

    [Fact]
    public async Task Oci_artifact_layers_are_fetched_through_the_bearer_token_flow_by_title()
    {
        await using var registry = await FakeModelServer.StartAsync(FakeProtocol.Oci, TinyModel.Files());
        var credentials = Directory.CreateDirectory(Path.Combine(_root, "oci")).FullName;
        await File.WriteAllTextAsync(Path.Combine(credentials, "username"), FakeModelServer.OciUser);
        await File.WriteAllTextAsync(Path.Combine(credentials, "password"), FakeModelServer.OciPassword);
        var source = $"oci://{registry.BaseAddress.Authority}/{FakeModelServer.Repository}:{FakeModelServer.Tag}";

        (await RunAsync(Options(source, registry) with { CredentialsDirectory = credentials })).Should().Be(0);

        File.ReadAllBytes(Path.Combine(Link, "config.json")).Should().Equal(registry.Files["config.json"]);
        registry.TotalContentRequests.Should().Be(4);
        (await RunAsync(Options(source.Replace(":v1", ":v2", StringComparison.Ordinal), registry) with { CredentialsDirectory = credentials })).Should().Be(12);
        (await RunAsync(Options(source, registry))).Should().Be(11, "without credentials the token endpoint refuses");
    }

    private string S3Credentials(string accessKey)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, "s3-" + accessKey)).FullName;
        File.WriteAllText(Path.Combine(directory, "accessKeyId"), accessKey);
        File.WriteAllText(Path.Combine(directory, "secretAccessKey"), "secret");
        return directory;
    }

    private FetchOptions Options(string source, FakeModelServer? server) => new()
    {
        Source = SourceUri.Parse(source),
        Endpoint = server?.BaseAddress,
        CacheDirectory = Cache,
        LinkPath = Link,
        Attempts = 1,
        TerminationMessagePath = Path.Combine(_root, "termination-log"),
        WaitPollInterval = TimeSpan.FromMilliseconds(100),
        EvictMinIdle = TimeSpan.FromHours(1),
    };

    private static Task<int> RunAsync(FetchOptions options) => FetchCommand.RunAsync(options, CancellationToken.None);
}
