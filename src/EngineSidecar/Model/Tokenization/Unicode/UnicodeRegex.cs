using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Engine.Model.Tokenization.Unicode;

/// <summary>
/// A regex that matches by code point like the Oniguruma regexes of the <c>tokenizers</c> library.
/// .NET matches UTF-16 units, so a supplementary character (emoji, math letters, rare CJK) would be
/// seen as two surrogates; such text is matched on a proxy string where each supplementary character is
/// replaced by one BMP character of the same Unicode category, and matches are mapped back.
/// </summary>
internal sealed class UnicodeRegex
{
    private readonly Regex _regex;

    public UnicodeRegex(string pattern)
    {
        try
        {
            _regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(5));
        }
        catch (ArgumentException e)
        {
            throw new TokenizerLoadException($"tokenizer regex '{pattern}' is not supported: {e.Message}", e);
        }
    }

    /// <summary>Appends the (start, length) of every match in <paramref name="text"/>, in UTF-16 units.</summary>
    public void FindMatches(string text, List<(int Start, int Length)> matches)
    {
        if (!HasSurrogates(text))
        {
            foreach (var match in _regex.EnumerateMatches(text))
            {
                matches.Add((match.Index, match.Length));
            }

            return;
        }

        var proxy = new StringBuilder(text.Length);
        var offsets = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length;)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                proxy.Append(Representative(char.ConvertToUtf32(text[i], text[i + 1])));
                i += 2;
            }
            else
            {
                proxy.Append(text[i]);
                i++;
            }
        }

        offsets.Add(text.Length);
        foreach (var match in _regex.EnumerateMatches(proxy.ToString()))
        {
            var start = offsets[match.Index];
            matches.Add((start, offsets[match.Index + match.Length] - start));
        }
    }

    private static bool HasSurrogates(string text)
    {
        foreach (var c in text)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A BMP character of the same category as <paramref name="codePoint"/>, chosen outside the contraction letters.</summary>
    private static char Representative(int codePoint) => CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
    {
        UnicodeCategory.UppercaseLetter => 'B',
        UnicodeCategory.LowercaseLetter => 'b',
        UnicodeCategory.TitlecaseLetter => '\u01C5',
        UnicodeCategory.ModifierLetter => '\u02B0',
        UnicodeCategory.OtherLetter => '\u00AA',
        UnicodeCategory.NonSpacingMark => '\u0300',
        UnicodeCategory.SpacingCombiningMark => '\u0903',
        UnicodeCategory.EnclosingMark => '\u20DD',
        UnicodeCategory.DecimalDigitNumber => '0',
        UnicodeCategory.LetterNumber => '\u2160',
        UnicodeCategory.OtherNumber => '\u00B2',
        UnicodeCategory.PrivateUse => '\uE000',
        UnicodeCategory.Format => '\u200B',
        UnicodeCategory.OtherNotAssigned => '\u0378',
        UnicodeCategory.MathSymbol => '\u00AC',
        UnicodeCategory.CurrencySymbol => '\u00A2',
        UnicodeCategory.ModifierSymbol => '\u00B4',
        UnicodeCategory.ConnectorPunctuation => '\u203F',
        UnicodeCategory.DashPunctuation => '\u2010',
        UnicodeCategory.OpenPunctuation => '\u2045',
        UnicodeCategory.ClosePunctuation => '\u2046',
        UnicodeCategory.InitialQuotePunctuation => '\u00AB',
        UnicodeCategory.FinalQuotePunctuation => '\u00BB',
        UnicodeCategory.OtherPunctuation => '\u00A1',
        _ => '\u00A9',
    };
}
