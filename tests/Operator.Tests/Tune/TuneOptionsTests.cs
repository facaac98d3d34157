using Sluice.Operator.Cli.Tune;

namespace Sluice.Operator.Tests.Tune;

public sealed class TuneOptionsTests : IDisposable
{
    private readonly string _token = Path.GetTempFileName();

    public TuneOptionsTests() => File.WriteAllText(_token, " secret \n");

    public void Dispose() => File.Delete(_token);

    [Fact]
    public void Good_flags_become_seconds_tokens_and_a_load()
    {
        var options = TuneOptions.Parse("http://127.0.0.1:8000", _token, null, "1s", "20ms", 95, "2048:128", "poisson:8", "120s", "45s", "5s", "30s", 64, "out", out var errors);

        errors.Should().BeEmpty();
        options!.AdminToken.Should().Be("secret");
        (options.TtftSeconds, options.TpotSeconds, options.InputTokens, options.OutputTokens).Should().Be((1.0, 0.02, 2048, 128));
        options.Load.Should().Be(new TuneLoad(8, null));
        options.Engine.Should().Be(new Uri("http://127.0.0.1:8000/"));
    }

    [Theory]
    [InlineData("backlog:16", null, 16)]
    [InlineData("poisson:2.5", 2.5, null)]
    public void Loads_parse(string text, double? rate, int? users) =>
        TuneLoad.Parse(text, out _).Should().Be(new TuneLoad(rate, users));

    [Theory]
    [InlineData("backlog:0")]
    [InlineData("poisson:inf")]
    [InlineData("steady:3")]
    public void Bad_loads_are_refused(string text)
    {
        TuneLoad.Parse(text, out var error).Should().BeNull();
        error.Should().Contain("poisson:R").And.Contain("backlog:N");
    }

    [Fact]
    public void Fixed_levers_skip_profiling_and_must_be_in_range()
    {
        var fixedBatch = TuneOptions.Parse("http://h:1", _token, null, "1s", "20ms", 95, "16:8", "backlog:2", "10s", "45s", "5s", "30s", 8, "out", out _, fixedBatchSize: 4);
        fixedBatch!.Profiles.Should().BeFalse("a fixed lever is never profiled over");

        TuneOptions.Parse("http://h:1", _token, null, "1s", "20ms", 95, "16:8", "backlog:2", "10s", "45s", "5s", "30s", 8, "out", out var errors, fixedBatchSize: 9, fixedRatePerSecond: -1)
            .Should().BeNull();
        errors.Should().Contain(e => e.StartsWith("--fixed-batch-size 9", StringComparison.Ordinal)).And.Contain(e => e.StartsWith("--fixed-rate -1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_zero_profile_is_allowed_but_a_zero_duration_is_not()
    {
        var options = TuneOptions.Parse("http://h:1", _token, null, "1s", "20ms", 95, "16:8", "backlog:2", "0s", "0s", "5s", "30s", 8, "out", out var errors);

        options.Should().BeNull();
        errors.Should().ContainSingle().Which.Should().StartWith("--duration '0s'");
    }

    [Fact]
    public void Repeated_engines_and_a_step_parse_and_a_step_needs_a_poisson_load()
    {
        var options = TuneOptions.Parse("http://a:1", _token, null, "1s", "1s", 95, "16:8", "poisson:4", "90s", "0s", "5s", "20s", 8, "out", out var errors,
            moreEngines: ["http://b:2"], step: "3x:30s:60s");

        errors.Should().BeEmpty();
        options!.Engines.Should().Equal(new Uri("http://a:1/"), new Uri("http://b:2/"));
        options.Step.Should().Be(new TuneStep(3, 30, 60));

        TuneOptions.Parse("http://a:1", _token, null, "1s", "1s", 95, "16:8", "backlog:4", "90s", "0s", "5s", "20s", 8, "out", out errors, moreEngines: ["ftp://b"], step: "3x:30s:60s")
            .Should().BeNull();
        errors.Should().Contain(e => e.StartsWith("--engine 'ftp://b'", StringComparison.Ordinal)).And.Contain(e => e.StartsWith("--step needs a poisson:R load", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("3x:60s:30s")]
    [InlineData("0x:0s:30s")]
    [InlineData("3:0s:30s")]
    [InlineData("3x:30s")]
    public void Bad_steps_are_refused(string text)
    {
        TuneStep.Parse(text, out var error).Should().BeNull();
        error.Should().Contain("Fx:FROM:TO");
    }

    [Fact]
    public void The_first_decision_after_the_step_is_timed_from_its_start()
    {
        var window = new ClientWindow(0, 0, 0, null, null, null, null, 0, 0);
        var point = new Sluice.Controllers.Slo.TuningPoint(16, null);
        TuneSample At(double t, int? to) => new(t, point, null, window, [], to);
        TuneSample[] samples = [At(25, 3), At(30, null), At(35, null), At(40, 3), At(45, 4), At(70, 1)];

        TuneSession.FirstScale(samples, 30, to => to > 2).Should().Be(10, "the decision at 25 s came before the step");
        TuneSession.FirstScale(samples, 60, to => to < 2).Should().Be(10);
        TuneSession.FirstScale(samples, 71, to => to < 2).Should().BeNull();
    }
}
