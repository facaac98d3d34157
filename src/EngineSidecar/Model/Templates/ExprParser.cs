using System.Globalization;

namespace Sluice.Engine.Model.Templates;

/// <summary>
/// Recursive-descent parser for Jinja expressions, with Jinja's precedence: conditional, or, and, not,
/// comparisons and <c>in</c>, + -, ~, * / // %, **, unary - +, then postfix (attribute, index, slice,
/// call) with filters (<c>|</c>) and tests (<c>is</c>).
/// </summary>
internal sealed partial class ExprParser(List<ExprToken> tokens, string source)
{
    private int _index;

    public ExprToken Current => tokens[_index];

    public bool AtEnd => Current.Kind == 'e';

    public ExprToken Advance() => tokens[_index++];

    public void Expect(string op)
    {
        if (!Current.Is(op))
        {
            throw Error($"expected '{op}'");
        }

        _index++;
    }

    public string ExpectName()
    {
        if (Current.Kind != 'n')
        {
            throw Error("expected a name");
        }

        return Advance().Text;
    }

    public ChatTemplateException Error(string message)
    {
        var found = Current.Kind == 'e' ? "end of tag" : $"'{Current.Text}'";
        return new ChatTemplateException($"chat template: {message} but found {found} at {TemplateErrors.Location(source, Current.Position)}");
    }

    /// <summary>Parses a full expression; a bare comma-separated list becomes a tuple when <paramref name="allowTuple"/>.</summary>
    public ExprNode ParseExpression(bool allowTuple = false, bool allowConditional = true)
    {
        var first = allowConditional ? ParseConditional() : ParseOr();
        if (!allowTuple || !Current.Is(","))
        {
            return first;
        }

        var items = new List<ExprNode?> { first };
        while (Current.Is(","))
        {
            Advance();
            if (AtEnd)
            {
                break;
            }

            items.Add(ParseConditional());
        }

        return new ExprNode(ExprKind.List, first.Position) { Children = items };
    }

    private ExprNode ParseConditional()
    {
        var value = ParseOr();
        while (Current.IsName("if"))
        {
            var position = Advance().Position;
            var condition = ParseOr();
            ExprNode? otherwise = null;
            if (Current.IsName("else"))
            {
                Advance();
                otherwise = ParseConditional();
            }

            value = new ExprNode(ExprKind.Conditional, position) { Children = [value, condition, otherwise] };
        }

        return value;
    }

    private ExprNode ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or"))
        {
            var position = Advance().Position;
            left = new ExprNode(ExprKind.Binary, position, "or") { Children = [left, ParseAnd()] };
        }

        return left;
    }

    private ExprNode ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and"))
        {
            var position = Advance().Position;
            left = new ExprNode(ExprKind.Binary, position, "and") { Children = [left, ParseNot()] };
        }

        return left;
    }

    private ExprNode ParseNot()
    {
        if (Current.IsName("not"))
        {
            var position = Advance().Position;
            return new ExprNode(ExprKind.Unary, position, "not") { Children = [ParseNot()] };
        }

        return ParseCompare();
    }

    private ExprNode ParseCompare()
    {
        var left = ParseAdditive();
        while (true)
        {
            var position = Current.Position;
            string op;
            if (Current.Kind == 'o' && Current.Text is "==" or "!=" or "<" or ">" or "<=" or ">=")
            {
                op = Advance().Text;
            }
            else if (Current.IsName("in"))
            {
                Advance();
                op = "in";
            }
            else if (Current.IsName("not") && tokens[_index + 1].IsName("in"))
            {
                _index += 2;
                op = "not in";
            }
            else
            {
                return left;
            }

            left = new ExprNode(ExprKind.Binary, position, op) { Children = [left, ParseAdditive()] };
        }
    }

    private ExprNode ParseAdditive()
    {
        var left = ParseConcat();
        while (Current.Is("+") || Current.Is("-"))
        {
            var token = Advance();
            left = new ExprNode(ExprKind.Binary, token.Position, token.Text) { Children = [left, ParseConcat()] };
        }

        return left;
    }

    private ExprNode ParseConcat()
    {
        var left = ParseMultiplicative();
        while (Current.Is("~"))
        {
            var position = Advance().Position;
            left = new ExprNode(ExprKind.Binary, position, "~") { Children = [left, ParseMultiplicative()] };
        }

        return left;
    }

    private ExprNode ParseMultiplicative()
    {
        var left = ParsePower();
        while (Current.Kind == 'o' && Current.Text is "*" or "/" or "//" or "%")
        {
            var token = Advance();
            left = new ExprNode(ExprKind.Binary, token.Position, token.Text) { Children = [left, ParsePower()] };
        }

        return left;
    }

    private ExprNode ParsePower()
    {
        var left = ParseUnary(withFilters: true);
        while (Current.Is("**"))
        {
            var position = Advance().Position;
            left = new ExprNode(ExprKind.Binary, position, "**") { Children = [left, ParseUnary(withFilters: true)] };
        }

        return left;
    }

    private ExprNode ParseUnary(bool withFilters)
    {
        ExprNode node;
        if (Current.Is("-") || Current.Is("+"))
        {
            var token = Advance();
            node = new ExprNode(ExprKind.Unary, token.Position, token.Text) { Children = [ParseUnary(withFilters: false)] };
        }
        else
        {
            node = ParsePostfix(ParsePrimary());
        }

        return withFilters ? ParseFiltersAndTests(node) : node;
    }

    private ExprNode ParsePrimary()
    {
        var token = Advance();
        switch (token.Kind)
        {
            case 'n':
                return token.Text switch
                {
                    "true" or "True" => new ExprNode(ExprKind.Literal, token.Position, Value: true),
                    "false" or "False" => new ExprNode(ExprKind.Literal, token.Position, Value: false),
                    "none" or "None" => new ExprNode(ExprKind.Literal, token.Position),
                    _ => new ExprNode(ExprKind.Name, token.Position, token.Text),
                };
            case 's':
                var text = token.Text;
                while (Current.Kind == 's')
                {
                    text += Advance().Text;
                }

                return new ExprNode(ExprKind.Literal, token.Position, Value: text);
            case 'i':
                return new ExprNode(ExprKind.Literal, token.Position, Value: long.Parse(token.Text, CultureInfo.InvariantCulture));
            case 'f':
                return new ExprNode(ExprKind.Literal, token.Position, Value: double.Parse(token.Text, CultureInfo.InvariantCulture));
        }

        if (token.Is("("))
        {
            if (Current.Is(")"))
            {
                Advance();
                return new ExprNode(ExprKind.List, token.Position);
            }

            var inner = ParseExpression(allowTuple: true);
            Expect(")");
            return inner;
        }

        if (token.Is("["))
        {
            var items = ParseSequence("]");
            return new ExprNode(ExprKind.List, token.Position) { Children = items };
        }

        if (token.Is("{"))
        {
            var entries = new List<ExprNode?>();
            while (!Current.Is("}"))
            {
                entries.Add(ParseExpression());
                Expect(":");
                entries.Add(ParseExpression());
                if (!Current.Is(","))
                {
                    break;
                }

                Advance();
            }

            Expect("}");
            return new ExprNode(ExprKind.Dict, token.Position) { Children = entries };
        }

        _index--;
        throw Error("expected a value");
    }

    private List<ExprNode?> ParseSequence(string close)
    {
        var items = new List<ExprNode?>();
        while (!Current.Is(close))
        {
            items.Add(ParseExpression());
            if (!Current.Is(","))
            {
                break;
            }

            Advance();
        }

        Expect(close);
        return items;
    }

    private ExprNode ParsePostfix(ExprNode node)
    {
        while (true)
        {
            var token = Current;
            if (token.Is("."))
            {
                Advance();
                var name = Current.Kind == 'i' ? Advance().Text : ExpectName();
                node = new ExprNode(ExprKind.Attribute, token.Position, name) { Children = [node] };
            }
            else if (token.Is("["))
            {
                Advance();
                node = ParseSubscript(node, token.Position);
            }
            else if (token.Is("("))
            {
                Advance();
                node = ParseCallArguments(new ExprNode(ExprKind.Call, token.Position) { Children = [node] });
            }
            else
            {
                return node;
            }
        }
    }
}
