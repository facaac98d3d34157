using Sluice.Engine.Model.Tokenization.PreTokenizers;
using Sluice.Engine.Model.Tokenization.Unicode;

namespace Sluice.Engine.Tests.Tokenization;

/// <summary>Split behaviors and Digits, with the examples of the <c>tokenizers</c> documentation.</summary>
public class PreTokenizerTests
{
    [Theory]
    [InlineData("Removed", new[] { "the", "final", "countdown" })]
    [InlineData("Isolated", new[] { "the", "-", "final", "-", "-", "countdown" })]
    [InlineData("MergedWithPrevious", new[] { "the-", "final-", "-", "countdown" })]
    [InlineData("MergedWithNext", new[] { "the", "-final", "-", "-countdown" })]
    [InlineData("Contiguous", new[] { "the", "-", "final", "--", "countdown" })]
    public void Split_behaviors_cut_at_delimiters(string behaviorName, string[] expected)
    {
        var output = new List<PreToken>();
        new SplitPreTokenizer(new UnicodeRegex("-"), Enum.Parse<SplitBehavior>(behaviorName), invert: false).PreTokenize(new PreToken("the-final--countdown", true), output);
        output.Select(p => p.Text).Should().Equal(expected);
        output.Select(p => p.AtStart).Should().Equal(expected.Select((_, i) => i == 0));
    }

    [Theory]
    [InlineData(false, new[] { "Call ", "123", " please" })]
    [InlineData(true, new[] { "Call ", "1", "2", "3", " please" })]
    public void Digits_are_isolated_as_runs_or_one_by_one(bool individualDigits, string[] expected)
    {
        var output = new List<PreToken>();
        new DigitsPreTokenizer(individualDigits).PreTokenize(new PreToken("Call 123 please", true), output);
        output.Select(p => p.Text).Should().Equal(expected);
    }

    [Theory]
    [InlineData("a𝐀b 𝟘1", new[] { "a𝐀b", " ", "𝟘1" })]
    [InlineData("x😀😀y", new[] { "x", "😀😀", "y" })]
    public void Regex_classes_see_supplementary_characters_as_one_code_point(string text, string[] expected)
    {
        var output = new List<PreToken>();
        new SplitPreTokenizer(new UnicodeRegex(@"\p{L}+|\p{N}+|[^\s\p{L}\p{N}]+|\s+"), SplitBehavior.Isolated, invert: false)
            .PreTokenize(new PreToken(text, true), output);
        output.Select(p => p.Text).Should().Equal(expected);
    }

    [Fact]
    public void Metaspace_prepends_only_at_the_start_of_the_input_with_the_first_scheme()
    {
        var first = new MetaspacePreTokenizer('\u2581', PrependScheme.First, split: true);
        var output = new List<PreToken>();
        first.PreTokenize(new PreToken("hi there", true), output);
        first.PreTokenize(new PreToken("again", false), output);
        output.Select(p => p.Text).Should().Equal("\u2581hi", "\u2581there", "again");
    }
}
