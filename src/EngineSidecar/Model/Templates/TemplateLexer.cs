namespace Sluice.Engine.Model.Templates;

/// <summary>
/// Splits template source into text and tags, applying Jinja whitespace control as transformers
/// configures it: <c>-</c> strips whitespace beside a tag, trim_blocks drops the newline after a block or
/// comment tag, lstrip_blocks drops spaces and tabs before one on its line, <c>+</c> disables the latter
/// two, and one trailing newline of the source is dropped.
/// </summary>
internal static class TemplateLexer
{
    /// <summary>Newlines as <c>\n</c> and one trailing newline dropped, as Jinja reads a template.</summary>
    public static string NormalizeSource(string source)
    {
        source = source.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return source.EndsWith('\n') ? source[..^1] : source;
    }

    /// <summary>Segments of <paramref name="source"/>, which must have been through <see cref="NormalizeSource"/>.</summary>
    public static List<TemplateSegment> Lex(string source)
    {
        var segments = new List<TemplateSegment>();
        var position = 0;
        var stripNextText = false;
        var trimNextNewline = false;
        var lineStarting = true;
        while (position <= source.Length)
        {
            var open = FindOpening(source, position);
            var textEnd = open < 0 ? source.Length : open;
            var text = source[position..textEnd];
            if (stripNextText)
            {
                text = text.TrimStart();
            }
            else if (trimNextNewline && text.StartsWith('\n'))
            {
                text = text[1..];
            }

            if (open < 0)
            {
                AddText(segments, text, position);
                break;
            }

            var kind = source[open + 1]; // '{', '%' or '#'
            var inner = open + 2;
            var leftMark = inner < source.Length ? source[inner] : '\0';
            if (leftMark is '-' or '+')
            {
                inner++;
            }

            var isBlock = kind is '%' or '#';
            if (leftMark == '-')
            {
                text = text.TrimEnd();
            }
            else if (isBlock && leftMark != '+')
            {
                text = LeftStripLine(text, lineStarting || text.Contains('\n', StringComparison.Ordinal));
            }

            AddText(segments, text, position);
            var close = FindClosing(source, inner, kind);
            if (close < 0)
            {
                throw new ChatTemplateException($"chat template: tag opened at {TemplateErrors.Location(source, open)} is never closed");
            }

            var rightMark = source[close - 1];
            var contentEnd = rightMark is '-' or '+' && close - 1 >= inner ? close - 1 : close;
            if (kind != '#')
            {
                segments.Add(new TemplateSegment(false, kind == '{', source[inner..contentEnd], open));
            }

            position = close + 2;
            stripNextText = contentEnd != close && rightMark == '-';
            trimNextNewline = isBlock && !(contentEnd != close && rightMark == '+');
            lineStarting = trimNextNewline && position < source.Length && source[position] == '\n';
            if (stripNextText)
            {
                var end = position;
                while (end < source.Length && char.IsWhiteSpace(source[end]))
                {
                    end++;
                }

                lineStarting = end > position && source[end - 1] == '\n';
            }
        }

        return segments;
    }

    private static void AddText(List<TemplateSegment> segments, string text, int position)
    {
        if (text.Length > 0)
        {
            segments.Add(new TemplateSegment(true, false, text, position));
        }
    }

    /// <summary>Removes spaces and tabs between the last newline (or a line start) and the end of <paramref name="text"/>.</summary>
    private static string LeftStripLine(string text, bool atLineStart)
    {
        if (!atLineStart)
        {
            return text;
        }

        var lineStart = text.LastIndexOf('\n') + 1;
        for (var i = lineStart; i < text.Length; i++)
        {
            if (text[i] is not (' ' or '\t'))
            {
                return text;
            }
        }

        return text[..lineStart];
    }

    private static int FindOpening(string source, int from)
    {
        for (var i = from; i + 1 < source.Length; i++)
        {
            if (source[i] == '{' && source[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the closing delimiter (<c>}}</c>, <c>%}</c> or <c>#}</c>), skipping string literals inside tags.</summary>
    private static int FindClosing(string source, int from, char kind)
    {
        var closer = kind == '{' ? '}' : kind;
        var quote = '\0';
        var depth = 0;
        for (var i = from; i + 1 < source.Length; i++)
        {
            var c = source[i];
            if (kind != '#' && quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (kind != '#' && c is '\'' or '"')
            {
                quote = c;
            }
            else if (kind != '#' && c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c == closer && source[i + 1] == '}' && depth == 0)
            {
                return i;
            }
            else if (kind != '#' && c is ')' or ']' or '}' && depth > 0)
            {
                depth--;
            }
        }

        return -1;
    }
}
