using System.Text;
using Sluice.Engine.Engine;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Engine;

public class TextOutputTests
{
    [Theory]
    [InlineData(new[] { "ab", "c", "de" }, new[] { "cd" }, "ab", true)]
    [InlineData(new[] { "hello wor", "ld" }, new[] { "world" }, "hello ", true)]
    [InlineData(new[] { "x", "y", "z" }, new[] { "yq" }, "xyz", false)]
    [InlineData(new[] { "STOP" }, new[] { "STOP" }, "", true)]
    [InlineData(new[] { "aa", "ab" }, new[] { "ab", "aab" }, "a", true)]
    public void Stop_strings_are_never_emitted_and_text_that_could_start_one_is_held(string[] pieces, string[] stops, string emitted, bool stopped)
    {
        var checker = new StopStringChecker(stops);
        var text = new StringBuilder();
        foreach (var piece in pieces)
        {
            var part = checker.Append(piece);
            foreach (var stop in stops)
            {
                (text + part).Should().NotContain(stop);
            }

            text.Append(part);
        }

        if (!checker.Stopped)
        {
            text.Append(checker.Flush());
        }

        text.ToString().Should().Be(emitted);
        checker.Stopped.Should().Be(stopped);
    }

    [Fact]
    public void Held_text_is_released_as_soon_as_it_can_no_longer_start_a_stop_string()
    {
        var checker = new StopStringChecker(["abc"]);
        checker.Append("xa").Should().Be("x");
        checker.Append("b").Should().BeEmpty();
        checker.Append("d").Should().Be("abd");
    }

    [Theory]
    [InlineData("héllo")]
    [InlineData("日本語")]
    [InlineData("a😀b")]
    public void Detokenizer_never_splits_a_multi_byte_character(string text)
    {
        var tokenizer = new ByteTokenizer();
        var prompt = tokenizer.Encode("p", false);
        var tokens = new List<int>(prompt);
        var detokenizer = new IncrementalDetokenizer(tokenizer, prompt.Length);
        var output = new StringBuilder();
        foreach (var token in tokenizer.Encode(text, false))
        {
            tokens.Add(token);
            var delta = detokenizer.Next(tokens);
            delta.Should().NotContain("\uFFFD");
            output.Append(delta);
        }

        output.Append(detokenizer.Flush(tokens));
        output.ToString().Should().Be(text);
    }
}
