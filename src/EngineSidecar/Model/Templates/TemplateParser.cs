namespace Sluice.Engine.Model.Templates;

/// <summary>Builds the statement tree of a template from its segments.</summary>
internal sealed class TemplateParser
{
    private static readonly HashSet<string> Unsupported =
        ["macro", "call", "filter", "raw", "include", "import", "from", "extends", "block", "with", "autoescape", "do"];

    private readonly List<TemplateSegment> _segments;
    private readonly string _source;
    private int _index;

    private TemplateParser(List<TemplateSegment> segments, string source)
    {
        _segments = segments;
        _source = source;
    }

    /// <summary>Parses normalized template <paramref name="source"/>.</summary>
    public static List<StmtNode> Parse(string source)
    {
        var parser = new TemplateParser(TemplateLexer.Lex(source), source);
        var body = parser.ParseBody(out var terminator, []);
        if (terminator is not null)
        {
            throw parser.Error($"unexpected '{{% {terminator} %}}'", parser._segments[parser._index - 1].Position);
        }

        return body;
    }

    /// <summary>Parses statements until one of <paramref name="terminators"/> (returned in <paramref name="terminator"/>) or the end.</summary>
    private List<StmtNode> ParseBody(out string? terminator, HashSet<string> terminators)
    {
        var body = new List<StmtNode>();
        while (_index < _segments.Count)
        {
            var segment = _segments[_index++];
            if (segment.IsText)
            {
                body.Add(new StmtNode(StmtKind.Text, segment.Position) { Text = segment.Content });
                continue;
            }

            var parser = new ExprParser(ExprLexer.Tokenize(segment.Content, ContentOffset(segment), _source), _source);
            if (segment.IsOutput)
            {
                body.Add(new StmtNode(StmtKind.Output, segment.Position) { Expr = ParseWhole(parser) });
                continue;
            }

            var keyword = parser.AtEnd ? string.Empty : parser.Current.Text;
            if (terminators.Contains(keyword))
            {
                _index--;
                terminator = keyword;
                return body;
            }

            body.Add(ParseStatement(keyword, parser, segment));
        }

        if (terminators.Count > 0)
        {
            throw Error($"missing '{{% {string.Join(" / ", terminators)} %}}' before the end of the template", _source.Length);
        }

        terminator = null;
        return body;
    }

    private StmtNode ParseStatement(string keyword, ExprParser parser, TemplateSegment segment)
    {
        parser.Advance();
        switch (keyword)
        {
            case "if":
                return ParseIf(parser, segment);
            case "for":
                return ParseFor(parser, segment);
            case "set":
                return ParseSet(parser, segment);
            case "break":
            case "continue":
                ExpectEnd(parser);
                return new StmtNode(keyword == "break" ? StmtKind.Break : StmtKind.Continue, segment.Position);
            case "generation":
                ExpectEnd(parser);
                var body = ParseBody(out _, ["endgeneration"]);
                _index++;
                return new StmtNode(StmtKind.Block, segment.Position) { Body = body };
            default:
                var what = Unsupported.Contains(keyword) ? $"'{{% {keyword} %}}' is not supported" : $"unknown statement '{keyword}'";
                throw Error(what, segment.Position);
        }
    }

    private StmtNode ParseIf(ExprParser parser, TemplateSegment segment)
    {
        var branches = new List<(ExprNode?, List<StmtNode>)>();
        var condition = ParseWhole(parser);
        while (true)
        {
            var body = ParseBody(out var terminator, ["elif", "else", "endif"]);
            branches.Add((condition, body));
            var tag = NextTagParser();
            if (terminator == "endif")
            {
                ExpectEnd(tag);
                return new StmtNode(StmtKind.If, segment.Position) { Branches = branches };
            }

            if (terminator == "else")
            {
                ExpectEnd(tag);
                var elseBody = ParseBody(out _, ["endif"]);
                ExpectEnd(NextTagParser());
                branches.Add((null, elseBody));
                return new StmtNode(StmtKind.If, segment.Position) { Branches = branches };
            }

            condition = ParseWhole(tag);
        }
    }

    private StmtNode ParseFor(ExprParser parser, TemplateSegment segment)
    {
        var targets = new List<string> { parser.ExpectName() };
        while (parser.Current.Is(","))
        {
            parser.Advance();
            targets.Add(parser.ExpectName());
        }

        if (!parser.Current.IsName("in"))
        {
            throw parser.Error("expected 'in' in for loop");
        }

        parser.Advance();
        var iterable = parser.ParseExpression(allowTuple: false, allowConditional: false);
        ExprNode? filter = null;
        if (parser.Current.IsName("if"))
        {
            parser.Advance();
            filter = parser.ParseExpression();
        }

        if (parser.Current.IsName("recursive"))
        {
            throw parser.Error("recursive loops are not supported");
        }

        ExpectEnd(parser);
        var body = ParseBody(out var terminator, ["else", "endfor"]);
        ExpectEnd(NextTagParser());
        var elseBody = new List<StmtNode>();
        if (terminator == "else")
        {
            elseBody = ParseBody(out _, ["endfor"]);
            ExpectEnd(NextTagParser());
        }

        return new StmtNode(StmtKind.For, segment.Position)
        {
            Targets = targets,
            Expr = iterable,
            Condition = filter,
            Body = body,
            ElseBody = elseBody,
        };
    }

    private StmtNode ParseSet(ExprParser parser, TemplateSegment segment)
    {
        var targets = new List<string> { parser.ExpectName() };
        string? attribute = null;
        if (parser.Current.Is("."))
        {
            parser.Advance();
            attribute = parser.ExpectName();
        }

        while (attribute is null && parser.Current.Is(","))
        {
            parser.Advance();
            targets.Add(parser.ExpectName());
        }

        if (parser.AtEnd && attribute is null && targets.Count == 1)
        {
            var body = ParseBody(out _, ["endset"]);
            ExpectEnd(NextTagParser());
            return new StmtNode(StmtKind.SetBlock, segment.Position) { Targets = targets, Body = body };
        }

        parser.Expect("=");
        var value = ParseWhole(parser, allowTuple: true);
        return new StmtNode(StmtKind.Set, segment.Position) { Targets = targets, Attribute = attribute, Expr = value };
    }

    /// <summary>Consumes the terminator tag at the cursor and returns a parser positioned after its keyword.</summary>
    private ExprParser NextTagParser()
    {
        var segment = _segments[_index++];
        var parser = new ExprParser(ExprLexer.Tokenize(segment.Content, ContentOffset(segment), _source), _source);
        parser.Advance();
        return parser;
    }

    private static ExprNode ParseWhole(ExprParser parser, bool allowTuple = false)
    {
        var expression = parser.ParseExpression(allowTuple);
        ExpectEnd(parser);
        return expression;
    }

    private static void ExpectEnd(ExprParser parser)
    {
        if (!parser.AtEnd)
        {
            throw parser.Error("expected end of tag");
        }
    }

    private int ContentOffset(TemplateSegment segment)
    {
        var offset = segment.Position + 2;
        return offset < _source.Length && _source[offset] is '-' or '+' ? offset + 1 : offset;
    }

    private ChatTemplateException Error(string message, int position) =>
        new($"chat template: {message} at {TemplateErrors.Location(_source, position)}");
}
