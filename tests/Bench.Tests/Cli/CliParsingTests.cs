using System.CommandLine;
using Sluice.Bench.Cli;
using Sluice.Bench.Spec;

namespace Sluice.Bench.Tests.Cli;

public class CliParsingTests
{
    [Theory]
    [InlineData("20ms", 0.02)]
    [InlineData("1.5s", 1.5)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("250us", 0.00025)]
    [InlineData("3", 3)]
    [InlineData("0", 0)]
    public void Durations_parse_to_seconds(string text, double expectedSeconds)
    {
        DurationParser.TryParseSeconds(text, out var seconds).Should().BeTrue();
        seconds.Should().BeApproximately(expectedSeconds, 1e-12);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("-1s")]
    [InlineData("1d")]
    [InlineData("infs")]
    public void Bad_durations_are_rejected(string text)
    {
        DurationParser.TryParseSeconds(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("1,2,4", false, new[] { 1.0, 2, 4 })]
    [InlineData(" 0.5 , 8 ", false, new[] { 0.5, 8 })]
    [InlineData("1,inf", true, new[] { 1.0, double.PositiveInfinity })]
    public void Number_lists_parse(string text, bool allowInfinity, double[] expected)
    {
        NumberListParser.TryParse(text, allowInfinity, out var values).Should().BeTrue();
        values.Should().Equal(expected);
    }

    [Theory]
    [InlineData("1,inf", false)]
    [InlineData("1,0", true)]
    [InlineData("a", true)]
    [InlineData("", true)]
    public void Bad_number_lists_are_rejected(string text, bool allowInfinity)
    {
        NumberListParser.TryParse(text, allowInfinity, out _).Should().BeFalse();
    }

    [Fact]
    public void Options_build_an_open_loop_spec()
    {
        var spec = Build("--model m --base-url http://h:9/v1 --request-rate 2.5 --arrival Constant --duration 30s --input-len 2048 --output-len 64 --slo-ttft 1s --slo-tpot 20ms --api Chat --system-prompt-len 100 --no-ignore-eos");

        spec.Mode.Should().Be(LoadMode.OpenLoop);
        spec.RequestRatePerSecond.Should().Be(2.5);
        spec.Arrival.Should().Be(ArrivalProcess.Constant);
        spec.DurationSeconds.Should().Be(30);
        spec.NumRequests.Should().BeNull();
        spec.Api.Should().Be(ApiKind.Chat);
        spec.IgnoreEos.Should().BeFalse();
        spec.Dataset.Should().Be(new DatasetSpec { InputTokens = 2048, OutputTokens = 64, SystemPromptTokens = 100 });
        spec.Slo.Should().Be(new SloSpec { TtftSeconds = 1, TpotSeconds = 0.02 });
    }

    [Fact]
    public void Defaults_are_a_closed_loop_of_100_requests_and_inf_means_all_at_once()
    {
        var closed = Build("--model m --users 10 --ramp-up 20s");
        closed.Mode.Should().Be(LoadMode.ClosedLoop);
        closed.Users.Should().Be(10);
        closed.RampUpSeconds.Should().Be(20);
        closed.NumRequests.Should().Be(100);
        closed.WarmupRequests.Should().Be(1);
        closed.BaseUrl.Should().Be(new Uri("http://127.0.0.1:8000"));

        var burst = Build("--model m --request-rate inf -n 50");
        burst.Mode.Should().Be(LoadMode.OpenLoop);
        burst.RequestRatePerSecond.Should().BeNull();
        burst.NumRequests.Should().Be(50);
    }

    [Theory]
    [InlineData("--model m --users 0", "*users must be at least 1*")]
    [InlineData("--model m --request-rate inf --duration 10s", "*needs a request count*")]
    [InlineData("--model m --base-url nope", "*not an absolute URL*")]
    [InlineData("--model m --output-len 0", "*output length must be at least 1*")]
    [InlineData("--model m --warmup -1", "*warm-up requests must not be negative*")]
    public void Bad_combinations_give_clear_errors(string args, string expectedMessage)
    {
        var build = () => Build(args);

        build.Should().Throw<ArgumentException>().WithMessage(expectedMessage);
    }

    [Fact]
    public void Unparseable_values_are_parse_errors()
    {
        var (command, _) = Command();

        command.Parse("--model m --slo-ttft soon".Split(' ')).Errors.Should().ContainSingle(e => e.Message.Contains("not a duration"));
        command.Parse("--model m --request-rate -3".Split(' ')).Errors.Should().NotBeEmpty();
    }

    private static BenchmarkSpec Build(string args)
    {
        var (command, options) = Command();
        var parse = command.Parse(args.Split(' '));
        parse.Errors.Should().BeEmpty();
        return options.Build(parse);
    }

    private static (Command Command, SpecOptions Options) Command()
    {
        var command = new RootCommand();
        var options = new SpecOptions();
        options.AddTo(command);
        return (command, options);
    }
}
