using Sluice.Engine.Model.Tokenization.Normalizers;
using Sluice.Engine.Model.Tokenization.Unicode;

namespace Sluice.Engine.Model.Tokenization.Decoders;

/// <summary>Replaces a literal string or regex matches in each token (e.g. ▁ → space).</summary>
internal sealed class ReplaceDecoder(string? literal, UnicodeRegex? regex, string content) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens) =>
        tokens.ConvertAll(token => ReplaceNormalizer.Replace(token, literal, regex, content));
}
