using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using Sluice.Contracts.Fetch;

namespace Sluice.Engine.Tests.Fetch;

/// <summary><c>sluice-engine fetch</c> as real processes against a local fake hub: killed mid-file, run side by side, watched.</summary>
public sealed class FetchProcessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sluice-fetch-proc-").FullName;

    public FetchProcessTests() => Directory.CreateDirectory(Path.Combine(_root, "cache"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_killed_download_resumes_with_a_range_request_and_verifies()
    {
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files(1 << 20));
        hub.ThrottleBytesPerSecond = 1 << 20;
        var partial = () => Directory.EnumerateFiles(Path.Combine(_root, "cache"), "model.safetensors.part", SearchOption.AllDirectories).FirstOrDefault();

        using (var first = Start(hub, "a"))
        {
            await PollAsync(() => partial() is { } p && new FileInfo(p).Length > 256 * 1024, TimeSpan.FromSeconds(30));
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        var keptBytes = new FileInfo(partial()!).Length;
        hub.ThrottleBytesPerSecond = 0;
        using var second = Start(hub, "b");
        await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        second.ExitCode.Should().Be(0);
        hub.Ranges.Should().ContainSingle().Which.Should().StartWith("model.safetensors: bytes=").And.EndWith("-");
        long.Parse(hub.Ranges.Single().Split('=')[1].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(keptBytes);
        File.ReadAllBytes(Path.Combine(_root, "model-b", "model.safetensors")).Should().Equal(hub.Files["model.safetensors"]);
        Directory.Exists(Path.Combine(_root, "cache", "kernels")).Should().BeTrue("the engine's kernel cache is made by the pod's own user");
    }

    [Fact]
    public async Task Two_processes_sharing_a_cache_download_once_and_the_waiter_serves_the_holders_progress()
    {
        await using var hub = await FakeModelServer.StartAsync(FakeProtocol.Hub, TinyModel.Files(1 << 20));
        hub.ThrottleBytesPerSecond = 1 << 20;
        var port = FreePort();
        using var first = Start(hub, "a");
        await PollAsync(() => Directory.EnumerateFiles(Path.Combine(_root, "cache"), "*.lock", SearchOption.AllDirectories).Any(), TimeSpan.FromSeconds(30));
        using var second = Start(hub, "b", "--progress-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        FetchProgressReport? waiting = null;
        await PollAsync(async () =>
        {
            waiting = await TryGetAsync(http, port);
            return waiting is { State: FetchStates.Waiting, DownloadedBytes: > 0 };
        }, TimeSpan.FromSeconds(30));
        waiting!.TotalBytes.Should().Be(hub.Files.Values.Sum(b => (long)b.Length));
        waiting.Revision.Should().Be(FakeModelServer.Commit);

        await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
        first.ExitCode.Should().Be(0);
        second.ExitCode.Should().Be(0);
        hub.ContentRequests.Values.Should().AllBeEquivalentTo(1);
        File.ReadAllBytes(Path.Combine(_root, "model-b", "model.safetensors")).Should().Equal(hub.Files["model.safetensors"]);
    }

    [Fact]
    public async Task Bad_arguments_exit_2_with_the_reason()
    {
        using var process = StartRaw("fetch", "--source", "hf://not-a-repo", "--cache-dir", _root, "--termination-message-path", Path.Combine(_root, "term"));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        process.ExitCode.Should().Be(FetchExitCodes.Usage);
        File.ReadAllText(Path.Combine(_root, "term")).Should().Contain("is not hf://org/repo");
    }

    private Process Start(FakeModelServer hub, string name, params string[] extra) => StartRaw(
        ["fetch", "--source", "hf://acme/tiny", "--endpoint", hub.BaseAddress.ToString(), "--cache-dir", Path.Combine(_root, "cache"),
         "--link", Path.Combine(_root, "model-" + name), "--attempts", "1", "--termination-message-path", Path.Combine(_root, "term-" + name), .. extra]);

    private static Process StartRaw(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sluice-engine.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<FetchProgressReport?> TryGetAsync(HttpClient http, int port)
    {
        try
        {
            return await http.GetFromJsonAsync($"http://127.0.0.1:{port}{FetchProgressReport.Path}", FetchJsonContext.Default.FetchProgressReport);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static Task PollAsync(Func<bool> condition, TimeSpan timeout) => PollAsync(() => Task.FromResult(condition()), timeout);

    private static async Task PollAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold within {0}", timeout);
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
