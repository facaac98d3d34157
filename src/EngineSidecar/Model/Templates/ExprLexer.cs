using System.Text;

namespace Sluice.Engine.Model.Templates;

/// <summary>Tokenizes the inside of a tag: names, string and number literals, operators.</summary>
internal static class ExprLexer
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "//", "**", "+", "-", "*", "/", "%", "~", "<", ">",
        "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", "="];

    /// <param name="text">Tag content.</param>
    /// <param name="offset">Offset of <paramref name="text"/> in <paramref name="source"/>.</param>
    /// <param name="source">Whole template, for error locations.</param>
    public static List<ExprToken> Tokenize(string text, int offset, string source)
    {
        var tokens = new List<ExprToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new ExprToken('n', text[start..i], offset + start));
            }
            else if (char.IsAsciiDigit(c))
            {
                var isFloat = false;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '_'
                    || (text[i] == '.' && !isFloat && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))))
                {
                    isFloat |= text[i] == '.';
                    i++;
                }

                tokens.Add(new ExprToken(isFloat ? 'f' : 'i', text[start..i].Replace("_", string.Empty, StringComparison.Ordinal), offset + start));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(new ExprToken('s', ReadString(text, ref i, offset, source), offset + start));
            }
            else
            {
                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0)
                    ?? throw new ChatTemplateException($"chat template: unexpected character '{c}' at {TemplateErrors.Location(source, offset + i)}");
                tokens.Add(new ExprToken('o', op, offset + start));
                i += op.Length;
            }
        }

        tokens.Add(new ExprToken('e', string.Empty, offset + text.Length));
        return tokens;
    }

    private static string ReadString(string text, ref int i, int offset, string source)
    {
        var quote = text[i];
        var start = i;
        var builder = new StringBuilder();
        i++;
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                builder.Append(text[i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    _ => text[i],
                });
                if (text[i] is not ('n' or 't' or 'r' or '0' or '\\' or '\'' or '"'))
                {
                    builder.Insert(builder.Length - 1, '\\');
                }
            }
            else
            {
                builder.Append(text[i]);
            }

            i++;
        }

        if (i >= text.Length)
        {
            throw new ChatTemplateException($"chat template: string literal at {TemplateErrors.Location(source, offset + start)} is not closed");
        }

        i++;
        return builder.ToString();
    }
}
