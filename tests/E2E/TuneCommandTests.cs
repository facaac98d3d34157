using System.Diagnostics;
using System.Text.Json.Nodes;
using Sluice.Controllers.EngineApi;
using Sluice.E2E.Infrastructure;

namespace Sluice.E2E;

/// <summary><c>sluice-operator tune</c> as a process against a real engine process (CPU, dummy://tiny).</summary>
public sealed class TuneCommandTests : IDisposable
{
    private const string Token = "tune-admin-token";
    private readonly string _tokenFile = Path.GetTempFileName();
    private readonly string _out = Path.Combine(Path.GetTempPath(), "sluice-tune-" + Guid.NewGuid().ToString("N"));

    public TuneCommandTests() => File.WriteAllText(_tokenFile, Token);

    public void Dispose()
    {
        File.Delete(_tokenFile);
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public async Task Profiles_then_tunes_a_live_engine_and_writes_a_trajectory_whose_exact_attainment_matches_the_client()
    {
        await using var engine = await EngineProcess.StartAsync(["--model", "dummy://tiny", "--served-model-name", "tiny", "--admin-token-file", _tokenFile], TimeSpan.FromSeconds(60));

        var (code, output) = await RunAsync("--engine", engine.BaseAddress.ToString(), "--admin-token-file", _tokenFile, "--ttft", "10s", "--tpot", "1s",
            "--workload", "16:8", "--load", "backlog:3", "--duration", "16s", "--profile", "8s", "--period", "1s", "--window", "6s", "--max-batch-size", "4", "--out", _out);

        code.Should().Be(0, output);
        output.Should().Contain("profiled").And.Contain("settled at");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "tune.json")))!;
        json["model"]!.GetValue<string>().Should().Be("tiny", "the model id comes from the engine's /v1/models");
        json["profile"]!["curve"]!.AsArray().Should().NotBeEmpty();
        var samples = json["samples"]!.AsArray();
        samples.Count.Should().BeInRange(10, 17, "one sample per 1 s period over 16 s");
        var last = samples[^1]!;
        last["operator"]!["sloAttainmentExact"]!.GetValue<bool>().Should().BeTrue("the engine judged requests against the pushed limits");
        var operatorAttainment = last["operator"]!["sloAttainment"]!.GetValue<double>();
        var clientAttainment = last["client"]!["attainmentOfFinished"]!.GetValue<double>();
        operatorAttainment.Should().BeApproximately(clientAttainment, 0.03);
        json["whole"]!["finished"]!.GetValue<int>().Should().BeGreaterThan(10);
        json["whole"]!["goodputTokensPerSecond"]!.GetValue<double>().Should().BeGreaterThan(0);

        var csv = await File.ReadAllLinesAsync(Path.Combine(_out, "tune.csv"));
        csv[0].Should().StartWith("time_s,max_batch_size,max_request_rate_rps");
        csv.Length.Should().Be(samples.Count + 1);
        (await File.ReadAllTextAsync(Path.Combine(_out, "tune.svg"))).Should().Contain("data-series=\"maxBatchSize\"").And.Contain("class=\"slo\"");

        using var http = new HttpClient();
        var live = await new EngineAdminClient(http).GetAsync(engine.BaseAddress, Token, CancellationToken.None);
        live.MaxBatchSize.Should().Be(last["point"]!["maxBatchSize"]!.GetValue<int>(), "the engine runs the levers the trajectory ends with");
        var config = JsonNode.Parse(await GetAdminAsync(http, engine.BaseAddress))!;
        (config["sloTtftSeconds"]!.GetValue<double>(), config["sloTpotSeconds"]!.GetValue<double>()).Should().Be((10.0, 1.0));
    }

    [Fact]
    public async Task Bad_flags_are_refused_one_line_each_before_anything_is_sent()
    {
        var (code, output) = await RunAsync("--engine", "ftp://x", "--admin-token-file", "/nonexistent/token", "--ttft", "fast", "--tpot", "20ms",
            "--workload", "2048", "--load", "poisson:-1", "--percentile", "120", "--period", "5s", "--window", "5s", "--out", _out);

        code.Should().Be(2);
        output.Should().Contain("--engine 'ftp://x' must be an absolute http(s) URL")
            .And.Contain("--admin-token-file '/nonexistent/token' must name an existing file")
            .And.Contain("--ttft 'fast' must be a positive duration")
            .And.Contain("--workload '2048' must be INPUT:OUTPUT")
            .And.Contain("--load 'poisson:-1' must be poisson:R")
            .And.Contain("--percentile 120 must be between 50 and 99.9")
            .And.Contain("--window (5s) must be at least two periods");
        Directory.Exists(_out).Should().BeFalse("nothing is written for a refused run");
    }

    private static async Task<string> GetAdminAsync(HttpClient http, Uri engine)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(engine, "admin/config"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sluice-operator.dll"));
        info.ArgumentList.Add("tune");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
