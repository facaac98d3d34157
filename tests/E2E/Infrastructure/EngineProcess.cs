using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sluice.E2E.Infrastructure;

/// <summary>
/// A real <c>sluice-engine serve</c> child process on a free loopback port. Disposing kills the
/// process tree; <see cref="StartAsync"/> returns once <c>/health</c> answers.
/// </summary>
public sealed class EngineProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EngineProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The engine's base URL, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>True once the process is gone (killed, crashed or exited).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Kills the process tree at once, as the kernel's OOM killer would, and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the engine with <paramref name="extraArgs"/> after <c>serve --port N</c>; throws if not healthy within <paramref name="timeout"/>.</summary>
    public static async Task<EngineProcess> StartAsync(IEnumerable<string> extraArgs, TimeSpan timeout)
    {
        var port = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "sluice-engine.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "serve", "--port", port.ToString() }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start sluice-engine");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var engine = new EngineProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = engine.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"sluice-engine exited with code {process.ExitCode} before becoming healthy");
            }

            try
            {
                using var response = await http.GetAsync("health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return engine;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        await engine.DisposeAsync();
        throw new TimeoutException($"sluice-engine did not become healthy within {timeout}");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
