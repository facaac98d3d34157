using System.Diagnostics;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Controllers.Tests.Integration;

/// <summary>
/// Every file under examples/ (and charts/sluice/examples/, when present) is accepted by the API server's validation
/// of the generated CRD (kubectl apply --dry-run=server).
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ExamplesDryRunTests(ControlPlaneFixture fixture)
{
    /// <summary>Where examples live: the repository's, and the chart's copies when the chart carries any.</summary>
    private static readonly string[] ExampleDirectories = ["examples", "charts/sluice/examples"];

    [ControlPlaneFact]
    public async Task Every_example_passes_server_side_dry_run()
    {
        using var h = await ReconcilerHarness.StartAsync(fixture.Plane, "examples");
        var root = RepositoryRoot();
        var files = ExampleDirectories.Select(d => Path.Combine(root, d)).Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.yaml")).Order(StringComparer.Ordinal).ToList();

        files.Should().HaveCountGreaterThanOrEqualTo(3);
        foreach (var file in files)
        {
            var (exitCode, output) = await KubectlAsync("apply", "--dry-run=server", "-f", file, "-n", h.Namespace, "--kubeconfig", fixture.Plane.KubeconfigPath);

            exitCode.Should().Be(0, $"{Path.GetFileName(file)}: {output}");
            output.Should().Contain("(server dry run)", Path.GetFileName(file));
        }
    }

    private static async Task<(int ExitCode, string Output)> KubectlAsync(params string[] args)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Operator.sln above {AppContext.BaseDirectory}");
    }
}
