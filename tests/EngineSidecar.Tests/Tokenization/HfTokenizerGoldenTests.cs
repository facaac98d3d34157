using System.Text.Json;

namespace Sluice.Engine.Tests.Tokenization;

/// <summary>Encodings and decodings recorded from the <c>tokenizers</c> library (tools/golden/make_tokenizer_fixtures.py).</summary>
public class HfTokenizerGoldenTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in TokenizerFixtures.Names)
        {
            var count = TokenizerFixtures.ReadJson(name, "encodings.json").GetProperty("cases").GetArrayLength();
            for (var i = 0; i < count; i++)
            {
                data.Add(name, i);
            }
        }

        return data;
    }

    public static TheoryData<string> Fixtures() => [.. TokenizerFixtures.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_and_decode_match_the_tokenizers_library(string fixture, int index)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(fixture);
        var expected = TokenizerFixtures.ReadJson(fixture, "encodings.json").GetProperty("cases")[index];
        var text = expected.GetProperty("text").GetString()!;
        var because = $"{fixture} case {index} {JsonSerializer.Serialize(text)}";

        tokenizer.Encode(text, addSpecialTokens: false).Should().Equal(Ids(expected, "ids"), because);
        var withSpecial = Ids(expected, "ids_with_special");
        tokenizer.Encode(text, addSpecialTokens: true).Should().Equal(withSpecial, because);
        tokenizer.Decode(withSpecial, skipSpecialTokens: false).Should().Be(expected.GetProperty("decoded").GetString(), because);
        tokenizer.Decode(withSpecial, skipSpecialTokens: true).Should().Be(expected.GetProperty("decoded_skip_special").GetString(), because);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Random_mixtures_of_scripts_emoji_and_special_tokens_match_the_tokenizers_library(string fixture)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(fixture);
        var fuzz = TokenizerFixtures.ReadJson(fixture, "encodings.json").GetProperty("fuzz");
        fuzz.GetArrayLength().Should().BeGreaterThan(100);
        foreach (var entry in fuzz.EnumerateArray())
        {
            var text = entry.GetProperty("text").GetString()!;
            var ids = Ids(entry, "ids");
            var because = $"{fixture} {JsonSerializer.Serialize(text)}";
            tokenizer.Encode(text, addSpecialTokens: false).Should().Equal(ids, because);
            tokenizer.Decode(ids, skipSpecialTokens: false).Should().Be(entry.GetProperty("decoded").GetString(), because);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decoding_arbitrary_ids_matches_the_tokenizers_library(string fixture)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(fixture);
        var recorded = TokenizerFixtures.ReadJson(fixture, "encodings.json");
        tokenizer.VocabSize.Should().Be(recorded.GetProperty("vocab_size").GetInt32());
        foreach (var entry in recorded.GetProperty("random_decodes").EnumerateArray())
        {
            var ids = Ids(entry, "ids");
            var because = $"{fixture} ids [{string.Join(", ", ids)}]";
            tokenizer.Decode(ids, skipSpecialTokens: false).Should().Be(entry.GetProperty("decoded").GetString(), because);
            tokenizer.Decode(ids, skipSpecialTokens: true).Should().Be(entry.GetProperty("decoded_skip_special").GetString(), because);
        }
    }

    private static int[] Ids(JsonElement element, string name) => [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetInt32())];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Malformed_input_and_unknown_ids_do_not_crash(string fixture)
    {
        var tokenizer = TokenizerFixtures.Tokenizer(fixture);
        var loneSurrogates = tokenizer.Encode("a\ud800b\udc00", addSpecialTokens: false);
        loneSurrogates.Should().NotBeEmpty();
        tokenizer.Decode(loneSurrogates, skipSpecialTokens: false).Should().StartWith("a").And.Contain("b", "a lone surrogate is encoded as U+FFFD");
        var valid = tokenizer.Encode("ok", addSpecialTokens: false);
        tokenizer.Decode([-1, .. valid, tokenizer.VocabSize, int.MaxValue], skipSpecialTokens: false).Should().Be("ok");
    }
}
