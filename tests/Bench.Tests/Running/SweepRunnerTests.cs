using Sluice.Bench.Results;
using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Running;

public class SweepRunnerTests
{
    private static readonly BenchmarkSpec Base = new() { BaseUrl = new Uri("http://127.0.0.1:8000"), Model = "m", NumRequests = 4 };

    [Theory]
    [InlineData(SweepAxis.Concurrency, 8.0, LoadMode.ClosedLoop, 8, null)]
    [InlineData(SweepAxis.RequestRate, 2.5, LoadMode.OpenLoop, 1, 2.5)]
    [InlineData(SweepAxis.RequestRate, double.PositiveInfinity, LoadMode.OpenLoop, 1, null)]
    public void A_point_sets_users_or_rate(SweepAxis axis, double value, LoadMode mode, int users, double? rate)
    {
        var spec = SweepRunner.SpecAt(Base, axis, value);

        spec.Mode.Should().Be(mode);
        spec.Users.Should().Be(users);
        spec.RequestRatePerSecond.Should().Be(rate);
    }

    [Theory]
    [InlineData(SweepAxis.Concurrency, 0.0)]
    [InlineData(SweepAxis.Concurrency, 2.5)]
    [InlineData(SweepAxis.RequestRate, -1.0)]
    public void Bad_points_are_rejected(SweepAxis axis, double value)
    {
        var at = () => SweepRunner.SpecAt(Base, axis, value);

        at.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task A_concurrency_sweep_runs_every_point_into_one_file()
    {
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse { NumChunks = 2 });
        var spec = Base with { BaseUrl = server.BaseUrl, NumRequests = 6, Dataset = new DatasetSpec { InputTokens = 4, OutputTokens = 2 } };

        var sweep = await SweepRunner.RunAsync(new LoadRunner(), spec, SweepAxis.Concurrency, [1, 2, 3], CancellationToken.None);

        sweep.Kind.Should().Be(ResultsKind.Sweep);
        sweep.Axis.Should().Be(SweepAxis.Concurrency);
        sweep.Runs.Select(r => r.Spec.Users).Should().Equal(1, 2, 3);
        sweep.Runs.Should().AllSatisfy(r => r.Summary.OkRequests.Should().Be(6));
        server.Received.Should().HaveCount(18);
    }
}
