using Sluice.Bench.Running;
using Sluice.Controllers.EngineApi;
using Sluice.Controllers.Slo;
using Sluice.E2E.Infrastructure;

namespace Sluice.E2E;

/// <summary>The operator's profiling sweep against a real engine process (CPU, dummy://tiny).</summary>
public sealed class ProfilingSweepTests : IDisposable
{
    private const string Token = "sweep-admin-token";
    private readonly string _tokenFile = Path.GetTempFileName();

    public ProfilingSweepTests() => File.WriteAllText(_tokenFile, Token);

    public void Dispose() => File.Delete(_tokenFile);

    [Fact]
    public async Task Loose_limits_pick_the_largest_batch_and_leave_the_engine_on_the_chosen_point()
    {
        await using var engine = await EngineProcess.StartAsync(["--model", "dummy://tiny", "--served-model-name", "tiny", "--admin-token-file", _tokenFile], TimeSpan.FromSeconds(60));
        using var http = new HttpClient();
        var admin = new EngineAdminClient(http);
        var workload = new ProfilingWorkload("tiny", InputTokens: 16, OutputTokens: 8, MaxBatchSize: 4, TimeBudget: TimeSpan.FromSeconds(14));

        var result = await new ProfilingSweep(admin, new LoadRunner()).RunAsync(engine.BaseAddress, Token, workload, new SloTargets(10, 1, 95), 0.1, CancellationToken.None);

        result.MeetsSlo.Should().BeTrue();
        result.Curve.Where(p => p.RequestRatePerSecond is null).Select(p => p.MaxBatchSize).Should().Equal([4], "largest first: the bound held, nothing else to try");
        result.Curve.Should().Contain(p => p.RequestRatePerSecond != null, "the rate sweep runs at the chosen batch");
        result.Chosen.MaxBatchSize.Should().Be(4);
        var live = await admin.GetAsync(engine.BaseAddress, Token, CancellationToken.None);
        (live.MaxBatchSize, live.MaxRequestRate).Should().Be((result.Chosen.MaxBatchSize, result.Chosen.MaxRequestRatePerSecond));
    }

    [Fact]
    public async Task An_unreachable_tpot_limit_is_reported_as_not_met_with_the_smallest_batch()
    {
        await using var engine = await EngineProcess.StartAsync(["--model", "dummy://tiny", "--served-model-name", "tiny", "--admin-token-file", _tokenFile], TimeSpan.FromSeconds(60));
        using var http = new HttpClient();
        var workload = new ProfilingWorkload("tiny", InputTokens: 16, OutputTokens: 8, MaxBatchSize: 8, TimeBudget: TimeSpan.FromSeconds(8));

        var result = await new ProfilingSweep(new EngineAdminClient(http), new LoadRunner()).RunAsync(engine.BaseAddress, Token, workload, new SloTargets(10, 1e-6, 95), 0.1, CancellationToken.None);

        result.MeetsSlo.Should().BeFalse();
        result.Chosen.MaxBatchSize.Should().Be(1);
        var tried = result.Curve.Where(p => p.RequestRatePerSecond is null).Select(p => p.MaxBatchSize).ToList();
        tried.Should().NotBeEmpty().And.BeInDescendingOrder("largest first, halving while over the limit");
        tried[0].Should().Be(8);
    }
}
