using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Running;

/// <summary>A refused closed-loop user waits the Retry-After the server asked for; requests spread round robin over servers.</summary>
public class RetryAfterTests
{
    [Fact]
    public async Task A_closed_loop_user_refused_with_retry_after_waits_before_its_next_request()
    {
        // Arrival 0 is the warm-up; arrivals 1 and 2 are refused with Retry-After: 1.
        await using var server = await FakeOpenAiServer.StartAsync(r => r.Sequence is 1 or 2
            ? new FakeResponse { StatusCode = 429, RetryAfterSeconds = 1 }
            : new FakeResponse());
        var spec = new BenchmarkSpec { BaseUrl = server.BaseUrl, Model = "m", Users = 1, NumRequests = 3, WarmupRequests = 1, Dataset = new DatasetSpec { InputTokens = 4, OutputTokens = 2 } };

        var result = await new LoadRunner().RunAsync(spec);

        var records = result.Requests!;
        records.Take(2).Should().AllSatisfy(r => (r.StatusCode, r.RetryAfterSeconds).Should().Be((429, 1.0)));
        // Task.Delay's timer may fire a few milliseconds before the run's stopwatch reaches the second; without the wait the
        // next request would start within milliseconds.
        records[1].StartSeconds.Should().BeGreaterThanOrEqualTo(0.95, "the user waited the second it was asked to");
        records[2].StartSeconds.Should().BeGreaterThanOrEqualTo(1.95);
        records[2].Ok.Should().BeTrue();
    }

    [Fact]
    public async Task Requests_go_round_robin_over_the_base_url_and_the_extra_ones()
    {
        await using var first = await FakeOpenAiServer.StartAsync(_ => new FakeResponse());
        await using var second = await FakeOpenAiServer.StartAsync(_ => new FakeResponse());
        var spec = new BenchmarkSpec
        {
            BaseUrl = first.BaseUrl,
            ExtraBaseUrls = [second.BaseUrl],
            Model = "m",
            Users = 2,
            NumRequests = 6,
            Dataset = new DatasetSpec { InputTokens = 4, OutputTokens = 2 },
        };

        var result = await new LoadRunner().RunAsync(spec);

        result.Summary.OkRequests.Should().Be(6);
        (first.Received.Count, second.Received.Count).Should().Be((3, 3));
        spec.BaseUrlFor(4).Should().Be(first.BaseUrl);
        spec.BaseUrlFor(5).Should().Be(second.BaseUrl);
    }
}
