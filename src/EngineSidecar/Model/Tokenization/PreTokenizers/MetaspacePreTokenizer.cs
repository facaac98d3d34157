namespace Sluice.Engine.Model.Tokenization.PreTokenizers;

/// <summary>
/// SentencePiece's <c>Metaspace</c>: spaces become <paramref name="replacement"/> (▁), a ▁ is prepended per
/// <paramref name="scheme"/>, and with <paramref name="split"/> the text is cut before each ▁.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, PrependScheme scheme, bool split) : IPreTokenizer
{
    public void PreTokenize(PreToken piece, List<PreToken> output)
    {
        var text = piece.Text.Replace(' ', replacement);
        var prepend = scheme switch
        {
            PrependScheme.Always => true,
            PrependScheme.First => piece.AtStart,
            _ => false,
        };
        if (prepend && (text.Length == 0 || text[0] != replacement))
        {
            text = replacement + text;
        }

        if (!split)
        {
            if (text.Length > 0)
            {
                output.Add(new PreToken(text, piece.AtStart));
            }

            return;
        }

        var matches = new List<(int Start, int Length)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == replacement)
            {
                matches.Add((i, 1));
            }
        }

        DelimiterSplitter.Split(new PreToken(text, piece.AtStart), matches, invert: false, SplitBehavior.MergedWithNext, output);
    }
}
