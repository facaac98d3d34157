using Sluice.Engine.Model.Tokenization.PreTokenizers;

namespace Sluice.Engine.Model.Tokenization.Decoders;

/// <summary>
/// Turns ▁ back into spaces; in the first token the ▁ characters are dropped instead when a prefix was
/// prepended on encoding (prepend scheme other than never).
/// </summary>
internal sealed class MetaspaceDecoder(char replacement, PrependScheme scheme) : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var dropReplacement = i == 0 && scheme != PrependScheme.Never;
            output.Add(dropReplacement
                ? tokens[i].Replace(replacement.ToString(), string.Empty, StringComparison.Ordinal)
                : tokens[i].Replace(replacement, ' '));
        }

        return output;
    }
}
