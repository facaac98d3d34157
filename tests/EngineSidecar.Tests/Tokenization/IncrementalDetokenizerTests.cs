using Sluice.Engine.Model;
using Sluice.Engine.Model.Tokenization;

namespace Sluice.Engine.Tests.Tokenization;

public class IncrementalDetokenizerTests
{
    public static TheoryData<string> Fixtures() => [.. TokenizerFixtures.Names];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Streamed_deltas_add_up_to_the_full_decoding(string fixture)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(fixture);
        var fuzz = TokenizerFixtures.ReadJson(fixture, "encodings.json").GetProperty("fuzz");
        foreach (var entry in fuzz.EnumerateArray().Take(60))
        {
            var ids = tokenizer.Encode(entry.GetProperty("text").GetString()!, addSpecialTokens: false);
            var context = tokenizer.Encode("Prompt: say", addSpecialTokens: true);
            var all = context.Concat(ids).ToArray();
            var expected = tokenizer.Decode(all, skipSpecialTokens: false)[tokenizer.Decode(context, skipSpecialTokens: false).Length..];
            Stream(tokenizer, context, ids).Should().Be(expected, $"{fixture} ids [{string.Join(", ", ids)}]");
        }
    }

    [Fact]
    public void Incomplete_characters_are_held_back_until_completed()
    {
        var tokenizer = new ByteTokenizer();
        var detokenizer = new IncrementalDetokenizer(tokenizer, skipSpecialTokens: true);
        var bytes = System.Text.Encoding.UTF8.GetBytes("a😀");
        detokenizer.Append(bytes[0]).Should().Be("a");
        detokenizer.Append(bytes[1]).Should().BeEmpty();
        detokenizer.Append(bytes[2]).Should().BeEmpty();
        detokenizer.Append(bytes[3]).Should().BeEmpty();
        detokenizer.Append(bytes[4]).Should().Be("😀");
        detokenizer.Append(ByteTokenizer.EosId).Should().BeEmpty();
        detokenizer.Append(0xF0).Should().BeEmpty();
        detokenizer.Flush().Should().Be("\uFFFD");
    }

    private static string Stream(ITokenizer tokenizer, int[] context, int[] ids)
    {
        var detokenizer = new IncrementalDetokenizer(tokenizer, skipSpecialTokens: false, context);
        var text = string.Concat(ids.Select(detokenizer.Append));
        return text + detokenizer.Flush();
    }
}
