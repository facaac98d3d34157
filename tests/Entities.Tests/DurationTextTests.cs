namespace Sluice.Entities.Tests;

public class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("20ms", 0.02)]
    [InlineData("1.5s", 1.5)]
    [InlineData("2m30s", 150)]
    [InlineData("1h", 3600)]
    [InlineData("250us", 0.00025)]
    public void Parse_accepts_kubernetes_style_durations(string text, double expectedSeconds)
    {
        DurationText.Parse(text).TotalSeconds.Should().BeApproximately(expectedSeconds, 1e-9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("500")]
    [InlineData("ms")]
    [InlineData("-1s")]
    [InlineData("1 s")]
    [InlineData("1d")]
    public void Parse_rejects_malformed_text_with_the_value_in_the_message(string text)
    {
        var act = () => DurationText.Parse(text);
        act.Should().Throw<FormatException>().WithMessage($"*'{text}'*");
    }

    [Theory]
    [InlineData(0.02, "20ms")]
    [InlineData(1.5, "1.5s")]
    [InlineData(120, "2m")]
    [InlineData(7200, "2h")]
    public void Format_round_trips_through_parse(double seconds, string expected)
    {
        var text = DurationText.Format(TimeSpan.FromSeconds(seconds));
        text.Should().Be(expected);
        DurationText.Parse(text).TotalSeconds.Should().BeApproximately(seconds, 1e-9);
    }
}
