namespace Sluice.Engine.Model.Tokenization.PreTokenizers;

/// <summary>The <c>Digits</c> pre-tokenizer: isolates runs of numeric characters, or each digit alone.</summary>
internal sealed class DigitsPreTokenizer(bool individualDigits) : IPreTokenizer
{
    public void PreTokenize(PreToken piece, List<PreToken> output)
    {
        var text = piece.Text;
        var matches = new List<(int Start, int Length)>();
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsNumber(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            do
            {
                i++;
            }
            while (!individualDigits && i < text.Length && char.IsNumber(text[i]));
            matches.Add((start, i - start));
        }

        DelimiterSplitter.Split(piece, matches, invert: false, individualDigits ? SplitBehavior.Isolated : SplitBehavior.Contiguous, output);
    }
}
