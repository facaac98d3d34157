using Sluice.Engine.Fetch;
using Sluice.Engine.Fetch.Cache;
using Sluice.Engine.Fetch.Sources;

namespace Sluice.Engine.Tests.Fetch;

public sealed class FetchFileCheckTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-fetch-check-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_whole_safetensors_file_passes()
    {
        var path = Write("ok.safetensors", TinyModel.Safetensors(16));
        SafetensorsHeader.Problem(path).Should().BeNull();
    }

    [Fact]
    public void A_truncated_safetensors_file_is_named()
    {
        var bytes = TinyModel.Safetensors(16);
        var path = Write("short.safetensors", bytes[..^4]);
        SafetensorsHeader.Problem(path).Should().Contain("outside its 60 data bytes");
    }

    [Fact]
    public void A_garbled_header_is_named()
    {
        var bytes = TinyModel.Safetensors(16);
        bytes[9] = (byte)'#';
        SafetensorsHeader.Problem(Write("bad.safetensors", bytes)).Should().Contain("does not parse");
        SafetensorsHeader.Problem(Write("tiny.safetensors", [1, 2, 3])).Should().Contain("8-byte");
    }

    [Fact]
    public void A_finished_file_is_checked_for_size_then_sha256_then_header()
    {
        var bytes = TinyModel.Safetensors(16);
        var path = Write("model.safetensors", bytes);
        var sha = FakeModelServer.Sha256(bytes);

        FileFetcher.Problem(new RemoteFile("model.safetensors", bytes.Length, sha, null, ""), path, sha).Should().BeNull();
        FileFetcher.Problem(new RemoteFile("model.safetensors", bytes.Length + 1, sha, null, ""), path, sha).Should().Contain("bytes where the source lists");
        FileFetcher.Problem(new RemoteFile("model.safetensors", bytes.Length, new string('0', 64), null, ""), path, sha).Should().Contain("sha256");
        FileFetcher.Problem(new RemoteFile("model.safetensors", bytes.Length, null, new string('0', 32), ""), path, sha).Should().Contain("MD5");
    }

    [Fact]
    public async Task A_lock_is_exclusive_until_released()
    {
        var path = Path.Combine(_directory, "entry.lock");
        var first = CacheLock.TryAcquire(path, "a", TimeSpan.FromMinutes(2));
        first.Should().NotBeNull();
        CacheLock.TryAcquire(path, "b", TimeSpan.FromMinutes(2)).Should().BeNull();
        CacheLock.HolderOf(path).Should().Be("a");

        await first!.DisposeAsync();
        File.Exists(path).Should().BeFalse();
        await using var second = CacheLock.TryAcquire(path, "b", TimeSpan.FromMinutes(2));
        second.Should().NotBeNull();
    }

    [Fact]
    public async Task A_stale_lock_is_taken_over_and_its_old_holder_learns_it()
    {
        var path = Path.Combine(_directory, "stale.lock");
        var old = CacheLock.TryAcquire(path, "dead", TimeSpan.FromSeconds(4))!;
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-10));
        CacheLock.IsStale(path, TimeSpan.FromSeconds(4), DateTime.UtcNow).Should().BeTrue();

        await using var taker = CacheLock.TryAcquire(path, "alive", TimeSpan.FromSeconds(4));

        taker.Should().NotBeNull();
        CacheLock.HolderOf(path).Should().Be("alive");
        for (var i = 0; i < 50 && !old.Lost.IsCancellationRequested; i++)
        {
            await Task.Delay(100);
        }

        old.Lost.IsCancellationRequested.Should().BeTrue("the old holder's heartbeat sees another holder within a heartbeat interval");
        await old.DisposeAsync();
        CacheLock.HolderOf(path).Should().Be("alive", "the old holder never deletes a lock that is no longer its own");
    }

    [Fact]
    public async Task A_held_lock_is_refreshed_by_its_heartbeat()
    {
        var path = Path.Combine(_directory, "beat.lock");
        await using var held = CacheLock.TryAcquire(path, "a", TimeSpan.FromSeconds(4));
        var backdatedUtc = DateTime.UtcNow.AddSeconds(-3);
        File.SetLastWriteTimeUtc(path, backdatedUtc);

        // The heartbeat (every second) moves the time forward; a loaded machine may delay it, so wait for the effect.
        for (var i = 0; i < 150 && File.GetLastWriteTimeUtc(path) <= backdatedUtc; i++)
        {
            await Task.Delay(100);
        }

        File.GetLastWriteTimeUtc(path).Should().BeAfter(backdatedUtc.AddSeconds(2), "the heartbeat wrote a time after the backdated one");
        CacheLock.IsStale(path, TimeSpan.FromSeconds(4), DateTime.UtcNow).Should().BeFalse();
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
