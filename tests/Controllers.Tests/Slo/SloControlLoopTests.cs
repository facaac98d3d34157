using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Slo;
using Sluice.Controllers.Tests.EngineApi;

namespace Sluice.Controllers.Tests.Slo;

public class SloControlLoopTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SloControlInput Input(IReadOnlyList<EnginePod> pods, TuningPoint point, int replicas) => new(
        pods,
        new SloTargets(0.5, 0.02, 95),
        new LeverBounds(1, 64, 0.1, null),
        new ScalingSettings(1, 10, 0.8, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), false),
        point,
        replicas,
        FakeEnginePod.Token,
        ProfiledRatePerReplica: 5);

    [Fact]
    public async Task A_tpot_breach_lowers_the_batch_on_every_pod_and_load_scales_up()
    {
        await using var a = await FakeEnginePod.StartAsync();
        await using var b = await FakeEnginePod.StartAsync();
        using var http = new HttpClient();
        var loop = new SloControlLoop(new EngineMetricsScraper(http), new EngineAdminClient(http), TunerSettings.Default, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));
        EnginePod[] pods = [new("a", a.BaseUrl), new("b", b.BaseUrl)];
        var point = new TuningPoint(8, null);

        var first = await loop.RunPeriodAsync("ns/llm", Input(pods, point, 2), T0, CancellationToken.None);
        first.Observed.Should().BeNull("one scrape per pod gives no window yet");
        a.AdminPuts.Should().Be(1, "the pods run the current point but not yet the SLO limits they judge requests with");
        a.SloLimits.Should().Be((0.5, 0.02));
        await loop.RunPeriodAsync("ns/llm", Input(pods, point, 2), T0.AddSeconds(1), CancellationToken.None);
        a.AdminPuts.Should().Be(1, "a pod that runs the point and the limits is left alone");

        // 10 s later: 100 requests per pod finished with TPOT over the limit.
        foreach (var pod in new[] { a, b })
        {
            pod.TpotSeconds = 0.05;
            pod.Finished = 100;
            pod.Waiting = 3;
        }

        var second = await loop.RunPeriodAsync("ns/llm", Input(pods, point, 2), T0.AddSeconds(10), CancellationToken.None);

        second.Errors.Should().BeEmpty();
        second.Observed!.RequestRatePerSecond.Should().BeApproximately(20, 1e-9);
        second.Observed.TpotSeconds.Should().BeGreaterThan(0.02);
        second.Observed.Meets(new SloTargets(0.5, 0.02, 95)).Should().BeFalse();
        second.Point.MaxBatchSize.Should().Be(5);
        second.TuningReasons.Should().ContainSingle().Which.Should().Contain("8 → 5");
        (a.MaxBatchSize, b.MaxBatchSize).Should().Be((5, 5));
        second.Scale.Should().Be(
            new ScaleDecision(2, 6, second.Scale!.Reason),
            "20 req/s ended plus 0.6 req/s into a queue that grew from 0 to 6 in 10 s, over 5 req/s × 0.8 per replica, needs 6 replicas");
    }

    [Fact]
    public async Task An_unreachable_pod_is_reported_and_the_others_are_still_served()
    {
        await using var a = await FakeEnginePod.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var loop = new SloControlLoop(new EngineMetricsScraper(http), new EngineAdminClient(http), TunerSettings.Default, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));
        EnginePod[] pods = [new("a", a.BaseUrl), new("dead", new Uri("http://127.0.0.1:1/"))];

        var result = await loop.RunPeriodAsync("ns/llm", Input(pods, new TuningPoint(4, 3), 2), T0, CancellationToken.None);

        result.Errors.Should().ContainSingle().Which.Should().StartWith("pod dead:");
        (a.MaxBatchSize, a.MaxRequestRate).Should().Be((4, 3.0), "a pod running other levers gets the current point pushed");
    }
}
