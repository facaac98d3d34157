using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.E2E.Infrastructure;

namespace Sluice.E2E;

/// <summary>sluice-bench's library against a real sluice-engine process.</summary>
public class BenchAgainstEngineTests
{
    [Fact]
    public async Task A_short_closed_loop_run_completes_with_every_request_ok_and_exact_output_lengths()
    {
        await using var engine = await EngineProcess.StartAsync(["--model", "dummy://tiny", "--served-model-name", "tiny"], TimeSpan.FromSeconds(60));
        var spec = BenchmarkSpec.Smoke(engine.BaseAddress, "tiny");

        var result = await new LoadRunner().RunAsync(spec);

        result.Summary.FailedRequests.Should().Be(0, string.Join(", ", result.Summary.ErrorsByKind.Select(kv => $"{kv.Key}: {kv.Value}")));
        result.Summary.OkRequests.Should().Be(spec.NumRequests);
        result.Summary.OutputTokens.Should().Be(spec.NumRequests!.Value * spec.Dataset.OutputTokens, "the engine honours ignore_eos and max_tokens");
        result.Summary.Ttft.P95.Should().BeGreaterThan(0);
        result.Summary.Tpot.P95.Should().BeGreaterThan(0);
    }
}
