using System.Diagnostics;

namespace Sluice.Operator.Tests.Cli;

/// <summary><c>sluice-operator run</c> and <c>crds</c> with bad input exit 2 with one line naming the problem, never a stack trace.</summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-run-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_missing_config_file_is_named()
    {
        var (code, error) = await RunAsync("run", "--config", Path.Combine(_directory, "absent.json"));

        code.Should().Be(2);
        error.Should().Be($"sluice-operator run: --config {Path.Combine(_directory, "absent.json")}: no such file");
    }

    [Theory]
    [InlineData("""{"Sluice": {"SloProfilingSeconds": 9999}}""", "Sluice:SloProfilingSeconds must be between 0 and 600, got 9999")]
    [InlineData("""{"Sluice": {"SloPeriodSeconds": -1}}""", "Sluice:SloPeriodSeconds must be in (0, 3600] seconds, got -1")]
    [InlineData("""{"Sluice": """, "Could not parse the JSON file")]
    public async Task A_bad_setting_or_file_is_named_before_the_kubeconfig_is_looked_for(string json, string expected)
    {
        var config = Path.Combine(_directory, "config.json");
        await File.WriteAllTextAsync(config, json);

        var (code, error) = await RunAsync("run", "--config", config);

        code.Should().Be(2);
        error.Should().StartWith("sluice-operator run: ").And.Contain(expected).And.NotContain("\n");
    }

    [Fact]
    public async Task No_cluster_and_no_kubeconfig_is_named()
    {
        var (code, error) = await RunAsync("run");

        code.Should().Be(2);
        error.Should().Be($"sluice-operator run: not in a cluster and no kubeconfig at {Path.Combine(_directory, "no-kubeconfig")} (set KUBECONFIG)");
    }

    [Fact]
    public async Task Crds_into_a_directory_that_cannot_be_made_is_one_line()
    {
        var blocker = Path.Combine(_directory, "file");
        await File.WriteAllTextAsync(blocker, "");

        var (code, error) = await RunAsync("crds", "--output-dir", Path.Combine(blocker, "crds"));

        code.Should().Be(2);
        error.Should().StartWith("sluice-operator crds: ").And.NotContain("\n");
    }

    private async Task<(int Code, string Error)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sluice-operator.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["KUBECONFIG"] = Path.Combine(_directory, "no-kubeconfig");
        info.Environment.Remove("KUBERNETES_SERVICE_HOST");
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, (await error).Trim());
    }
}
