using System.Diagnostics;
using Sluice.Engine.Cli;

namespace Sluice.Engine.Tests.Cli;

public class ProxyCommandTests
{
    [Theory]
    [InlineData(new string[0], "--upstream is required")]
    [InlineData(new[] { "--upstream", "not a url" }, "--upstream must be an absolute http(s) URL")]
    [InlineData(new[] { "--upstream", "ftp://127.0.0.1:8001" }, "--upstream must be an http(s) URL")]
    [InlineData(new[] { "--upstream", "http://127.0.0.1:8001", "--port", "70000" }, "--port must be 0..65535")]
    [InlineData(new[] { "--upstream", "http://127.0.0.1:8001", "--port", "eighty" }, "eighty")]
    [InlineData(new[] { "--upstream", "http://127.0.0.1:8001", "--runtime-max-batch-size", "0" }, "--runtime-max-batch-size")]
    [InlineData(new[] { "--upstream", "http://127.0.0.1:8001", "--max-request-rate", "-1" }, "--max-request-rate")]
    [InlineData(new[] { "--upstream", "http://127.0.0.1:8001", "--drain-timeout", "-1" }, "--drain-timeout")]
    [InlineData(new[] { "--upstream", "http://127.0.0.1:8001", "--upstream-metrics-path", "metrics" }, "must start with /")]
    public async Task Bad_options_exit_2_with_one_line_naming_them(string[] args, string messagePart)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-proxy-termination-{Guid.NewGuid():N}");
        try
        {
            var exitCode = await ProxyCommand.Create().Parse([.. args, "--termination-message-path", path]).InvokeAsync();

            exitCode.Should().Be(2);
            var message = await File.ReadAllTextAsync(path);
            message.Should().Contain(messagePart);
            message.Should().NotContain("\n", "the reason is one line");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Every_option_is_parsed()
    {
        var options = ProxyCommand.ToOptions(ProxyCommand.Create().Parse(
        [
            "--upstream", "http://127.0.0.1:8001", "--upstream-metrics-path", "/prometheus/metrics", "--upstream-health-path", "/healthz",
            "--host", "0.0.0.0", "--port", "9000", "--admin-token-file", "/var/run/sluice/token", "--runtime-max-batch-size", "48",
            "--max-request-rate", "2.5", "--drain-timeout", "12",
        ]));

        options.Should().BeEquivalentTo(new Sluice.Engine.Proxy.ProxyOptions
        {
            Upstream = new Uri("http://127.0.0.1:8001"),
            UpstreamMetricsPath = "/prometheus/metrics",
            UpstreamHealthPath = "/healthz",
            Host = "0.0.0.0",
            Port = 9000,
            AdminTokenFile = "/var/run/sluice/token",
            RuntimeMaxBatchSize = 48,
            MaxRequestRate = 2.5,
            DrainTimeout = TimeSpan.FromSeconds(12),
        });
    }

    [Theory]
    [InlineData(new[] { "proxy" }, "--upstream is required")]
    [InlineData(new[] { "proxy", "--upstream", "http://127.0.0.1:8001", "--port", "eighty" }, "eighty")]
    public async Task The_program_prints_one_error_line_and_exits_2(string[] args, string messagePart)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sluice-engine.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--termination-message-path");
        start.ArgumentList.Add(Path.Combine(Path.GetTempPath(), $"sluice-proxy-termination-{Guid.NewGuid():N}", "absent", "log"));
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        process.ExitCode.Should().Be(2);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle().Which.Should().StartWith("error: ").And.Contain(messagePart);
        (await stdout).Should().BeEmpty("no help text is printed for a bad option");
    }
}
