using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Running;

/// <summary>The one-call check the engine's end-to-end test makes: base URL and model name in, all requests ok out.</summary>
public class SmokeSpecTests
{
    [Fact]
    public async Task A_smoke_run_completes_with_all_requests_ok()
    {
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse { InterTokenSeconds = 0.001 });

        var result = await new LoadRunner().RunAsync(BenchmarkSpec.Smoke(server.BaseUrl, "tiny"));

        result.Summary.OkRequests.Should().Be(8);
        result.Summary.FailedRequests.Should().Be(0);
        result.Summary.OutputTokens.Should().Be(8 * 16);
        result.Summary.Ttft.P95.Should().BePositive();
        server.Received.Should().OnlyContain(r => r.Body.GetProperty("model").GetString() == "tiny");
    }

    [Fact]
    public async Task Warm_up_requests_reach_the_server_but_are_not_recorded()
    {
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse());
        var spec = BenchmarkSpec.Smoke(server.BaseUrl, "tiny") with { WarmupRequests = 2, NumRequests = 3 };

        var result = await new LoadRunner().RunAsync(spec);

        server.Received.Should().HaveCount(5);
        result.Requests!.Select(r => r.Index).Should().Equal(0, 1, 2);
        result.Summary.TotalRequests.Should().Be(3);
    }
}
