using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sluice.E2E.Infrastructure;

/// <summary>
/// <c>sluice-operator run</c> as a local child process, authenticated with a kubeconfig holding the chart's
/// service-account token (so the chart's RBAC is what it gets). Kill it like a crash with <see cref="Kill"/>.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    /// <summary>Names a published <c>sluice-operator</c> executable to run instead of the build beside the tests.</summary>
    public const string BinaryVariable = "SLUICE_OPERATOR_BINARY";

    /// <summary>Least seconds between two one-replica steps down in the test operator (30 in production).</summary>
    public const int ScaleDownStepSeconds = 4;

    private readonly Process _process;
    private readonly List<string> _log = [];

    private OperatorProcess(Process process, Uri httpAddress)
    {
        _process = process;
        HttpAddress = httpAddress;
    }

    /// <summary>Base URL of /metrics, /healthz and /readyz.</summary>
    public Uri HttpAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The operator's process id (its memory is read from /proc).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The last lines the operator logged.</summary>
    public string Tail(int lines = 30)
    {
        lock (_log)
        {
            return string.Join('\n', _log.TakeLast(lines));
        }
    }

    /// <summary>
    /// Starts the operator and waits until /readyz answers 200 (it stands by or leads with synced caches);
    /// <paramref name="environment"/> overrides the test pace set here (e.g. <c>SLUICE_Sluice__SloProfilingSeconds</c>).
    /// </summary>
    public static async Task<OperatorProcess> StartAsync(string kubeconfig, string configFile, string podNamespace, string podName, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        // A published operator (e.g. the image's ReadyToRun build) when BinaryVariable names it; else the build beside the tests.
        var binary = Environment.GetEnvironmentVariable(BinaryVariable);
        var info = new ProcessStartInfo(string.IsNullOrEmpty(binary) ? "dotnet" : binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        var command = string.IsNullOrEmpty(binary) ? [Path.Combine(AppContext.BaseDirectory, "sluice-operator.dll"), "run"] : new[] { "run" };
        foreach (var arg in command.Concat(["--config", configFile, "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["KUBECONFIG"] = kubeconfig;
        info.Environment["POD_NAMESPACE"] = podNamespace;
        info.Environment["POD_NAME"] = podName;
        info.Environment.Remove("KUBERNETES_SERVICE_HOST");

        // A quicker SLO pace than production so that the tuner acts within a test's time.
        info.Environment["SLUICE_Sluice__SloPeriodSeconds"] = "1";
        // The profiling sweep is covered by tests/E2E/ProfilingSweepTests and the SLO controller's integration
        // tests; here it would load every test's engines and move their levers before the test looks.
        info.Environment["SLUICE_Sluice__SloProfilingSeconds"] = "0";
        info.Environment["SLUICE_Sluice__SloCooldownSeconds"] = "3";
        info.Environment["SLUICE_Sluice__SloScaleDownStepSeconds"] = ScaleDownStepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start sluice-operator");
        var op = new OperatorProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => op.Append(e.Data);
        process.ErrorDataReceived += (_, e) => op.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = op.HttpAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"sluice-operator exited with {process.ExitCode}:\n{op.Tail()}");
            }

            try
            {
                using var ready = await http.GetAsync("readyz");
                using var metrics = await http.GetAsync("metrics");
                if (ready.StatusCode == HttpStatusCode.OK && (await metrics.Content.ReadAsStringAsync()).Contains("sluice_operator_workqueue_depth", StringComparison.Ordinal))
                {
                    return op;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await op.DisposeAsync();
        throw new TimeoutException($"sluice-operator was not ready within {timeout}:\n{op.Tail()}");
    }

    /// <summary>Kills the process tree at once (no graceful shutdown, no Lease release), as a node failure would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(line);
            if (_log.Count > 5000)
            {
                _log.RemoveAt(0);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
