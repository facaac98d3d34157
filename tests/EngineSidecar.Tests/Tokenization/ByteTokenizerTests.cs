using System.Text;
using Sluice.Engine.Model.Tokenization;

namespace Sluice.Engine.Tests.Tokenization;

public class ByteTokenizerTests
{
    [Theory]
    [InlineData("")]
    [InlineData("hello world")]
    [InlineData("日本語 😀 👨\u200d👩\u200d👧 e\u0301")]
    [InlineData("\t\n\r\0 control")]
    [InlineData("<s>literal specials</s>")]
    public void Round_trips_text_as_utf8_bytes(string text)
    {
        var tokenizer = new ByteTokenizer();
        var ids = tokenizer.Encode(text, addSpecialTokens: false);
        ids.Should().Equal(Encoding.UTF8.GetBytes(text).Select(b => (int)b));
        tokenizer.Decode(ids, skipSpecialTokens: false).Should().Be(text);
    }

    [Fact]
    public void Round_trips_random_unicode()
    {
        var tokenizer = new ByteTokenizer();
        var random = new Random(42);
        for (var n = 0; n < 200; n++)
        {
            var builder = new StringBuilder();
            for (var i = random.Next(0, 40); i > 0; i--)
            {
                int codePoint;
                do
                {
                    codePoint = random.Next(4) == 0 ? random.Next(0x10000, 0x110000) : random.Next(0, 0x10000);
                }
                while (codePoint is >= 0xD800 and <= 0xDFFF);
                builder.Append(char.ConvertFromUtf32(codePoint));
            }

            var text = builder.ToString();
            var ids = tokenizer.Encode(text, addSpecialTokens: true);
            ids[0].Should().Be(ByteTokenizer.BosId);
            tokenizer.Decode(ids, skipSpecialTokens: true).Should().Be(text);
        }
    }

    [Fact]
    public void Specials_decode_as_text_unless_skipped_and_large_ids_map_to_bytes()
    {
        var tokenizer = new ByteTokenizer(vocabSize: 1000);
        tokenizer.VocabSize.Should().Be(1000);
        tokenizer.BosTokenId.Should().Be(256);
        tokenizer.EosTokenIds.Should().Equal(257);
        int[] ids = [ByteTokenizer.BosId, 'h', 'i', 256 + 'a', ByteTokenizer.EosId];
        tokenizer.Decode(ids, skipSpecialTokens: false).Should().Be("<s>hia</s>", "id 353 is past the specials and stands for byte 353 % 256 = 'a'");
        tokenizer.Decode([ByteTokenizer.BosId, 'h', 512 + 'i', ByteTokenizer.EosId, 5000], skipSpecialTokens: true).Should().Be("hi");
    }

    [Fact]
    public void Invalid_utf8_decodes_to_replacement_characters()
    {
        new ByteTokenizer().Decode([0xE6, 0x97, 'x'], skipSpecialTokens: false).Should().Be("\uFFFDx");
    }
}
