using Sluice.Engine.Model.Tokenization.Unicode;

namespace Sluice.Engine.Tests.Tokenization;

/// <summary>Expected forms from Python's unicodedata.normalize.</summary>
public class CanonicalNormalizerTests
{
    [Theory]
    [InlineData("e\u0301", "\u00e9", "e\u0301")]
    [InlineData("A\u030angstro\u0308m", "\u00c5ngstr\u00f6m", "A\u030angstro\u0308m")]
    [InlineData("\u1100\u1161\u11a8", "\uac01", "\u1100\u1161\u11a8")]
    [InlineData("\ud55c\uae00", "\ud55c\uae00", "\u1112\u1161\u11ab\u1100\u1173\u11af")]
    [InlineData("\u1112\u1161\u11ab\u1100\u1173\u11af", "\ud55c\uae00", "\u1112\u1161\u11ab\u1100\u1173\u11af")]
    [InlineData("a\u0328\u0301", "\u0105\u0301", "a\u0328\u0301")]
    [InlineData("a\u0301\u0328", "\u0105\u0301", "a\u0328\u0301")]
    [InlineData("A\u0323\u0302", "\u1eac", "A\u0323\u0302")]
    [InlineData("\u1e0b\u0323", "\u1e0d\u0307", "d\u0323\u0307")]
    [InlineData("\uf900", "\u8c48", "\u8c48")]
    [InlineData("\u212b", "\u00c5", "A\u030a")]
    [InlineData("\u0958", "\u0915\u093c", "\u0915\u093c")]
    [InlineData("\u0b47\u0b3e", "\u0b4b", "\u0b47\u0b3e")]
    [InlineData("x\u0301\u0301", "x\u0301\u0301", "x\u0301\u0301")]
    [InlineData("caf\u00e9", "caf\u00e9", "cafe\u0301")]
    [InlineData("\u03a9\u0301", "\u038f", "\u03a9\u0301")]
    [InlineData("\ud834\udd5e", "\ud834\udd57\ud834\udd65", "\ud834\udd57\ud834\udd65")]
    [InlineData("Q\u0307\u0323", "Q\u0323\u0307", "Q\u0323\u0307")]
    [InlineData("plain ascii", "plain ascii", "plain ascii")]
    public void Matches_python_unicodedata(string input, string nfc, string nfd)
    {
        CanonicalNormalizer.ToNfc(input).Should().Be(nfc);
        CanonicalNormalizer.ToNfd(input).Should().Be(nfd);
    }
}
