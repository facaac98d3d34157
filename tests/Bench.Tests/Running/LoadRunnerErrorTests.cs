using System.Net;
using System.Net.Sockets;
using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Running;

/// <summary>Failures are counted by kind and never end the run.</summary>
public class LoadRunnerErrorTests
{
    [Fact]
    public async Task Status_codes_and_stream_errors_are_counted_by_kind()
    {
        // Arrival order decides the answer: every 3rd is a 429, the 5th a 500, the 8th breaks mid-stream.
        await using var server = await FakeOpenAiServer.StartAsync(r => r.Sequence switch
        {
            _ when r.Sequence % 3 == 2 => new FakeResponse { StatusCode = 429, ErrorBody = """{"error":{"message":"rate limited"}}""" },
            4 => new FakeResponse { StatusCode = 500 },
            7 => new FakeResponse { StreamErrorAfterChunks = 2 },
            _ => new FakeResponse(),
        });
        var spec = Spec(server) with { Users = 3, NumRequests = 12 };

        var result = await new LoadRunner().RunAsync(spec);

        var s = result.Summary;
        s.TotalRequests.Should().Be(12);
        s.ErrorsByKind.Should().Equal(new Dictionary<string, int> { ["429"] = 4, ["500"] = 1, ["stream_error"] = 1 });
        s.FailedRequests.Should().Be(6);
        s.OkRequests.Should().Be(6);
        s.OutputTokens.Should().Be(6 * 4, "only ok requests count, each 4 tokens");
        result.Requests!.Where(r => r.ErrorKind == "429").Should().AllSatisfy(r =>
        {
            r.StatusCode.Should().Be(429);
            r.ErrorMessage.Should().Contain("rate limited");
        });
        s.Ttft.Count.Should().Be(6);
    }

    [Fact]
    public async Task A_refused_connection_is_counted_not_thrown()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var spec = new BenchmarkSpec { BaseUrl = new Uri($"http://127.0.0.1:{port}"), Model = "m", NumRequests = 3 };

        var result = await new LoadRunner().RunAsync(spec);

        result.Summary.ErrorsByKind.Should().Equal(new Dictionary<string, int> { ["connection"] = 3 });
        result.Summary.RequestThroughputPerSecond.Should().Be(0);
    }

    [Fact]
    public async Task A_slow_request_times_out_and_is_counted()
    {
        // Arrival 0 is the warm-up (so the measured requests do not pay for cold start), 2 stalls.
        await using var server = await FakeOpenAiServer.StartAsync(r => new FakeResponse { InterTokenSeconds = r.Sequence == 2 ? 30 : 0 });
        var spec = Spec(server) with { NumRequests = 2, RequestTimeoutSeconds = 2, WarmupRequests = 1 };

        var result = await new LoadRunner().RunAsync(spec);

        result.Requests![0].Ok.Should().BeTrue(result.Requests[0].ErrorKind + " " + result.Requests[0].ErrorMessage);
        result.Requests[1].ErrorKind.Should().Be("timeout");
        result.Requests[1].TtftSeconds.Should().NotBeNull("the first token came before the stream stalled");
        result.Requests[1].E2eSeconds.Should().BeInRange(1.9, 20);
    }

    [Fact]
    public async Task An_empty_stream_is_a_failure()
    {
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse { NumChunks = 0 });

        var result = await new LoadRunner().RunAsync(Spec(server) with { NumRequests = 2 });

        result.Summary.ErrorsByKind.Should().Equal(new Dictionary<string, int> { ["empty_response"] = 2 });
    }

    [Fact]
    public async Task An_invalid_spec_throws_before_sending()
    {
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse());
        var spec = Spec(server) with { Users = 0, NumRequests = null };

        var run = () => new LoadRunner().RunAsync(spec);

        (await run.Should().ThrowAsync<ArgumentException>())
            .WithMessage("*users must be at least 1*")
            .WithMessage("*request count or a duration*");
        server.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse { FirstTokenSeconds = 5 });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var run = () => new LoadRunner().RunAsync(Spec(server) with { NumRequests = 2 }, cancel.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
    }

    private static BenchmarkSpec Spec(FakeOpenAiServer server) => new()
    {
        BaseUrl = server.BaseUrl,
        Model = "fake",
        NumRequests = 4,
        Dataset = new DatasetSpec { InputTokens = 8, OutputTokens = 4 },
        RequestTimeoutSeconds = 30,
    };
}
