using Sluice.Engine.Model.Tokenization.Unicode;

namespace Sluice.Engine.Model.Tokenization.PreTokenizers;

/// <summary>
/// GPT-2's <c>ByteLevel</c> pre-tokenizer: optional prefix space, optional split by the GPT-2 regex, then
/// every UTF-8 byte mapped to its stand-in character.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    /// <summary>The GPT-2 split pattern used when <c>use_regex</c> is true.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly UnicodeRegex Gpt2Regex = new(Gpt2Pattern);

    public void PreTokenize(PreToken piece, List<PreToken> output)
    {
        var text = piece.Text;
        if (addPrefixSpace && !text.StartsWith(' '))
        {
            text = " " + text;
        }

        if (!useRegex)
        {
            output.Add(piece with { Text = ByteLevelAlphabet.Encode(text) });
            return;
        }

        var matches = new List<(int Start, int Length)>();
        Gpt2Regex.FindMatches(text, matches);
        var words = new List<PreToken>();
        DelimiterSplitter.Split(new PreToken(text, piece.AtStart), matches, invert: false, SplitBehavior.Isolated, words);
        foreach (var word in words)
        {
            output.Add(word with { Text = ByteLevelAlphabet.Encode(word.Text) });
        }
    }
}
