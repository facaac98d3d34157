using System.Diagnostics;

namespace Sluice.E2E.Infrastructure;

/// <summary>Runs command-line tools (kubectl, helm, the provisioning scripts) and captures their output.</summary>
public static class Tools
{
    /// <summary>The repository root (the directory holding Operator.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/>; returns the exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a tool and throws with its output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(string file, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (code, stdout, stderr) = await RunAsync(file, args, timeout, environment);
        return code == 0 ? stdout : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}: {stderr}{stdout}");
    }

    /// <summary>The helm binary provisioned by tools/helm/provision.sh (cached after the first run).</summary>
    public static async Task<string> HelmAsync()
    {
        var output = await RunCheckedAsync(Path.Combine(RepositoryRoot, "tools", "helm", "provision.sh"), [], TimeSpan.FromMinutes(3));
        return output.Trim().Split('\n')[^1];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Operator.sln not found above the test output directory");
    }
}
