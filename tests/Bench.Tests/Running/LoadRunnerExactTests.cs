using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Running;

/// <summary>Runs against the fake server on a virtual clock, where every latency is known exactly.</summary>
public class LoadRunnerExactTests
{
    // Per request (arrival order): TTFT and the gap before each later chunk; binary fractions keep the arithmetic exact.
    private static readonly double[] TtftSeconds = [0.5, 0.25, 1.0, 0.125];
    private static readonly double[] ItlSeconds = [0.0625, 0.125, 0.03125, 0.25];

    [Fact]
    public async Task Closed_loop_latencies_percentiles_and_throughput_are_exact()
    {
        var clock = new VirtualClock();
        await using var server = await FakeOpenAiServer.StartAsync(
            r => new FakeResponse { FirstTokenSeconds = TtftSeconds[r.Sequence], InterTokenSeconds = ItlSeconds[r.Sequence] }, clock);
        var spec = Spec(server) with { NumRequests = 4, Slo = new SloSpec { TtftSeconds = 0.5, TpotSeconds = 0.1 } };

        var result = await new LoadRunner(clock).RunAsync(spec);

        var requests = result.Requests!;
        requests.Select(r => r.TtftSeconds).Should().Equal(0.5, 0.25, 1.0, 0.125);
        requests.Select(r => r.E2eSeconds).Should().Equal(0.75, 0.75, 1.125, 1.125); // TTFT + 4 gaps
        requests.Select(r => r.StartSeconds).Should().Equal(0, 0.75, 1.5, 2.625);
        requests.Select(r => r.TpotSeconds).Should().Equal(0.0625, 0.125, 0.03125, 0.25);
        requests[1].InterTokenLatenciesSeconds.Should().Equal(0.125, 0.125, 0.125, 0.125);
        requests.Should().AllSatisfy(r => r.OutputTokens.Should().Be(5));

        var s = result.Summary;
        s.OkRequests.Should().Be(4);
        s.DurationSeconds.Should().Be(3.75);
        s.RequestThroughputPerSecond.Should().Be(4 / 3.75);
        s.OutputTokenThroughputPerSecond.Should().Be(20 / 3.75);
        s.TotalTokenThroughputPerSecond.Should().Be((20 + 28) / 3.75); // usage.prompt_tokens = 7 each
        // TTFT sorted [0.125, 0.25, 0.5, 1.0]; numpy linear: p50 at rank 1.5, p90 at 2.7, p95 at 2.85, p99 at 2.97.
        s.Ttft.P50.Should().Be(0.375);
        s.Ttft.P90.Should().BeApproximately(0.85, 1e-12);
        s.Ttft.P95.Should().BeApproximately(0.925, 1e-12);
        s.Ttft.P99.Should().BeApproximately(0.985, 1e-12);
        s.Ttft.Mean.Should().Be(0.46875);
        // TPOT sorted [0.03125, 0.0625, 0.125, 0.25]: p50 = 0.09375.
        s.Tpot.P50.Should().Be(0.09375);
        s.Itl.Count.Should().Be(16);
        s.Itl.Max.Should().Be(0.25);
        s.E2e.P50.Should().Be(0.9375);
        // SLO TTFT ≤ 0.5 s and TPOT ≤ 0.1 s: only request 0 (request 1 has TPOT 0.125, 2 TTFT 1.0, 3 TPOT 0.25).
        s.SloMetRequests.Should().Be(1);
        s.GoodputRequestsPerSecond.Should().Be(1 / 3.75);
        s.SloAttainment.Should().Be(0.25);
    }

    [Fact]
    public async Task Closed_loop_duration_stops_sending_at_the_deadline()
    {
        var clock = new VirtualClock();
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse { FirstTokenSeconds = 0.25, NumChunks = 1 }, clock);

        var result = await new LoadRunner(clock).RunAsync(Spec(server) with { DurationSeconds = 1.0 });

        result.Requests!.Select(r => r.StartSeconds).Should().Equal(0, 0.25, 0.5, 0.75);
        result.Summary.DurationSeconds.Should().Be(1.0);
        result.Summary.Tpot.Count.Should().Be(0, "one-token answers have no TPOT");
    }

    [Theory]
    [InlineData(4.0, 8, new[] { 0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75 })]
    [InlineData(0.5, 3, new[] { 0, 2.0, 4.0 })]
    public async Task Constant_arrivals_are_sent_exactly_on_schedule(double ratePerSecond, int numRequests, double[] expectedStarts)
    {
        var clock = new VirtualClock();
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse { NumChunks = 2 }, clock);
        var spec = Spec(server) with
        {
            Mode = LoadMode.OpenLoop,
            Arrival = ArrivalProcess.Constant,
            RequestRatePerSecond = ratePerSecond,
            NumRequests = numRequests,
        };

        var result = await new LoadRunner(clock).RunAsync(spec);

        result.Requests!.Select(r => r.StartSeconds).Should().Equal(expectedStarts);
        server.Received.Should().HaveCount(numRequests);
    }

    [Fact]
    public async Task Poisson_arrivals_follow_the_seeded_schedule_and_the_rate()
    {
        var clock = new VirtualClock();
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse { NumChunks = 1 }, clock);
        var spec = Spec(server) with { Mode = LoadMode.OpenLoop, RequestRatePerSecond = 20, NumRequests = 200, Seed = 3 };

        var result = await new LoadRunner(clock).RunAsync(spec);

        var schedule = new ArrivalSchedule(ArrivalProcess.Poisson, 20, 3);
        var expected = Enumerable.Range(0, 200).Select(_ => schedule.NextOffsetSeconds()).ToList();
        var starts = result.Requests!.Select(r => r.StartSeconds).ToList();
        starts.Should().Equal(expected);
        var meanGapSeconds = starts[^1] / (starts.Count - 1);
        meanGapSeconds.Should().BeApproximately(1.0 / 20, 0.15 / 20, "200 exponential gaps have a mean near 1/rate");
    }

    [Fact]
    public async Task Open_loop_duration_sends_only_arrivals_before_the_deadline()
    {
        var clock = new VirtualClock();
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse { NumChunks = 1 }, clock);
        var spec = Spec(server) with
        {
            Mode = LoadMode.OpenLoop,
            Arrival = ArrivalProcess.Constant,
            RequestRatePerSecond = 4,
            NumRequests = null,
            DurationSeconds = 2,
        };

        var result = await new LoadRunner(clock).RunAsync(spec);

        result.Summary.TotalRequests.Should().Be(8);
        result.Requests!.Max(r => r.StartSeconds).Should().Be(1.75);
    }

    [Fact]
    public async Task Rate_inf_sends_everything_at_time_zero()
    {
        var clock = new VirtualClock();
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse { NumChunks = 3 }, clock);
        var spec = Spec(server) with { Mode = LoadMode.OpenLoop, RequestRatePerSecond = null, NumRequests = 6 };

        var result = await new LoadRunner(clock).RunAsync(spec);

        result.Requests!.Should().HaveCount(6).And.OnlyContain(r => r.StartSeconds == 0 && r.Ok);
    }

    private static BenchmarkSpec Spec(FakeOpenAiServer server) => new()
    {
        BaseUrl = server.BaseUrl,
        Model = "fake",
        NumRequests = 4,
        Dataset = new DatasetSpec { InputTokens = 8, OutputTokens = 5 },
        RequestTimeoutSeconds = 30,
    };
}
