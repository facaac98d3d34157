using Sluice.Bench.Results;
using Sluice.Controllers.Slo;
using Sluice.Operator.Cli.Tune;

namespace Sluice.Operator.Tests.Tune;

public class ClientWindowTests
{
    private static RequestRecord Ok(double start, double ttft, double tpot, double e2e = 2) =>
        new() { Index = 0, StartSeconds = start, Ok = true, StatusCode = 200, TtftSeconds = ttft, TpotSeconds = tpot, E2eSeconds = e2e, OutputTokens = 100 };

    private static RequestRecord Refused(double start) =>
        new() { Index = 0, StartSeconds = start, Ok = false, StatusCode = 429, ErrorKind = "429", E2eSeconds = 0.01 };

    [Fact]
    public void Counts_the_requests_that_ended_in_the_window_within_both_limits_of_finished_and_of_offered()
    {
        RequestRecord[] records =
        [
            Ok(0, 0.2, 0.010, e2e: 1), // ended at 1 s: before the window
            Ok(8, 0.3, 0.015),          // within both
            Ok(8, 1.5, 0.015),          // TTFT late
            Ok(9, 0.4, 0.030),          // TPOT late
            Ok(9, 0.5, 0.018),          // within both
            Refused(10.5),
        ];

        var window = ClientWindow.Of(records, 5, 15, 50, ttftLimitSeconds: 1, tpotLimitSeconds: 0.02);

        (window.Requests, window.Finished, window.Refused).Should().Be((5, 4, 1));
        window.AttainmentOfFinished.Should().Be(0.5);
        window.AttainmentOfOffered.Should().Be(0.4, "the 429 is offered and not within the SLO");
        window.GoodputTokensPerSecond.Should().Be(20, "two requests of 100 tokens within both limits over 10 s");
        window.OutputTokensPerSecond.Should().Be(40);
        window.TtftSeconds.Should().BeApproximately(0.45, 1e-9, "the median of 0.3, 0.4, 0.5, 1.5");
    }

    [Fact]
    public void Settles_at_the_first_window_from_which_every_later_one_meets_both_limits()
    {
        static TuneSample S(double t, double ttft) =>
            new(t, new TuningPoint(8, null), null, new ClientWindow(1, 1, 0, ttft, 0.01, 1, 1, 1, 1), []);

        TuneSession.SettledAt([S(5, 2), S(10, 0.5), S(15, 3), S(20, 0.8), S(25, 0.9)], 1, 0.02).Should().Be(20);
        TuneSession.SettledAt([S(5, 0.5), S(10, 3)], 1, 0.02).Should().BeNull();
    }
}
