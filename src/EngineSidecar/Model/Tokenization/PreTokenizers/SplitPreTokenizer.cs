using Sluice.Engine.Model.Tokenization.Unicode;

namespace Sluice.Engine.Model.Tokenization.PreTokenizers;

/// <summary>The <c>Split</c> pre-tokenizer: cuts at matches of a regex or literal string.</summary>
internal sealed class SplitPreTokenizer(UnicodeRegex pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    public void PreTokenize(PreToken piece, List<PreToken> output)
    {
        var matches = new List<(int Start, int Length)>();
        pattern.FindMatches(piece.Text, matches);
        DelimiterSplitter.Split(piece, matches, invert, behavior, output);
    }
}
