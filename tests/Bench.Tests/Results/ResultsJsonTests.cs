using System.Text.Json;
using Sluice.Bench.Results;
using Sluice.Bench.Spec;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Results;

public class ResultsJsonTests
{
    [Fact]
    public void A_results_file_round_trips_unchanged()
    {
        var file = SampleResults.ConcurrencySweep([1, 4], new SloSpec { TtftSeconds = 1, TpotSeconds = 0.02 });

        var json = ResultsJson.Serialize(file);
        var back = ResultsJson.Deserialize(json);

        ResultsJson.Serialize(back).Should().Be(json);
        back.Runs[1].Summary.Should().BeEquivalentTo(file.Runs[1].Summary);
        back.Runs[1].Requests.Should().BeEquivalentTo(file.Runs[1].Requests);
        back.Runs[1].Spec.Should().Be(file.Runs[1].Spec);
    }

    [Fact]
    public void The_schema_names_are_stable()
    {
        var json = ResultsJson.Serialize(SampleResults.ConcurrencySweep([2], new SloSpec { TtftSeconds = 1 }));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        root.GetProperty("schemaVersion").GetString().Should().Be("sluice-bench/v1");
        root.GetProperty("kind").GetString().Should().Be("Sweep");
        root.GetProperty("axis").GetString().Should().Be("Concurrency");
        var run = root.GetProperty("runs")[0];
        run.GetProperty("spec").GetProperty("mode").GetString().Should().Be("ClosedLoop");
        run.GetProperty("spec").GetProperty("users").GetInt32().Should().Be(2);
        run.GetProperty("spec").TryGetProperty("apiKey", out _).Should().BeFalse("secrets are never written");
        var summary = run.GetProperty("summary");
        foreach (var name in new[] { "okRequests", "failedRequests", "errorsByKind", "durationSeconds", "requestThroughputPerSecond", "outputTokenThroughputPerSecond", "goodputRequestsPerSecond", "ttft", "tpot", "itl", "e2e" })
        {
            summary.TryGetProperty(name, out _).Should().BeTrue(name);
        }

        summary.GetProperty("ttft").GetProperty("p95").GetDouble().Should().BeApproximately(0.2, 1e-12);
    }

    [Fact]
    public void Other_schema_versions_and_garbage_are_rejected_with_the_source_named()
    {
        var json = ResultsJson.Serialize(SampleResults.ConcurrencySweep([1])).Replace("sluice-bench/v1", "sluice-bench/v9", StringComparison.Ordinal);

        ((Action)(() => ResultsJson.Deserialize(json, "old.json"))).Should().Throw<InvalidDataException>().WithMessage("old.json: schema 'sluice-bench/v9'*");
        ((Action)(() => ResultsJson.Deserialize("{\"x\":1}", "x.json"))).Should().Throw<InvalidDataException>().WithMessage("x.json: not a sluice-bench results file*");
        ((Action)(() => ResultsJson.Read("/nonexistent/r.json"))).Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void Write_then_read_from_disk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-bench-{Guid.NewGuid():N}", "r.json");
        try
        {
            var file = SampleResults.ConcurrencySweep([3]);
            ResultsJson.Write(file, path);

            ResultsJson.Read(path).Runs[0].Summary.OutputTokens.Should().Be(200);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
