using Sluice.Engine.Model.Tokenization.Unicode;

namespace Sluice.Engine.Model.Tokenization.Normalizers;

/// <summary>Replaces every occurrence of a literal string, or every match of a regex, with <c>content</c>.</summary>
internal sealed class ReplaceNormalizer : INormalizer
{
    private readonly string? _literal;
    private readonly UnicodeRegex? _regex;
    private readonly string _content;

    private ReplaceNormalizer(string? literal, UnicodeRegex? regex, string content)
    {
        _literal = literal;
        _regex = regex;
        _content = content;
    }

    public static ReplaceNormalizer ForLiteral(string literal, string content) => new(literal, null, content);

    public static ReplaceNormalizer ForRegex(string pattern, string content) => new(null, new UnicodeRegex(pattern), content);

    public string Normalize(string text) => Replace(text, _literal, _regex, _content);

    /// <summary>Shared by the Replace normalizer and the Replace decoder.</summary>
    public static string Replace(string text, string? literal, UnicodeRegex? regex, string content)
    {
        if (literal is not null)
        {
            return literal.Length == 0 ? text : text.Replace(literal, content, StringComparison.Ordinal);
        }

        var matches = new List<(int Start, int Length)>();
        regex!.FindMatches(text, matches);
        if (matches.Count == 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var previous = 0;
        foreach (var (start, length) in matches)
        {
            builder.Append(text, previous, start - previous).Append(content);
            previous = start + length;
        }

        return builder.Append(text, previous, text.Length - previous).ToString();
    }
}
