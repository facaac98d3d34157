namespace Sluice.Engine.Model.Templates;

/// <summary>Subscripts, call arguments, filters and tests of <see cref="ExprParser"/>.</summary>
internal sealed partial class ExprParser
{
    private ExprNode ParseSubscript(ExprNode target, int position)
    {
        var bounds = new List<ExprNode?> { target };
        var isSlice = false;
        for (var part = 0; part < 3; part++)
        {
            bounds.Add(Current.Is(":") || Current.Is("]") ? null : ParseExpression());
            if (!Current.Is(":"))
            {
                break;
            }

            isSlice = true;
            Advance();
        }

        Expect("]");
        if (!isSlice)
        {
            return new ExprNode(ExprKind.Index, position) { Children = [target, bounds[1]] };
        }

        while (bounds.Count < 4)
        {
            bounds.Add(null);
        }

        return new ExprNode(ExprKind.Slice, position) { Children = bounds };
    }

    /// <summary>Parses <c>(args, name=value)</c> after the opening parenthesis into <paramref name="node"/>.</summary>
    private ExprNode ParseCallArguments(ExprNode node)
    {
        while (!Current.Is(")"))
        {
            if (Current.Kind == 'n' && tokens[_index + 1].Is("="))
            {
                var name = Advance().Text;
                Advance();
                node.Keywords.Add((name, ParseExpression()));
            }
            else
            {
                node.Children.Add(ParseExpression());
            }

            if (!Current.Is(","))
            {
                break;
            }

            Advance();
        }

        Expect(")");
        return node;
    }

    private ExprNode ParseFiltersAndTests(ExprNode node)
    {
        while (true)
        {
            if (Current.Is("|"))
            {
                var position = Advance().Position;
                var name = ExpectName();
                var filter = new ExprNode(ExprKind.Filter, position, name) { Children = [node] };
                if (Current.Is("("))
                {
                    Advance();
                    filter = ParseCallArguments(filter);
                }

                node = filter;
            }
            else if (Current.IsName("is"))
            {
                var position = Advance().Position;
                var negated = false;
                if (Current.IsName("not"))
                {
                    Advance();
                    negated = true;
                }

                var name = Current.Kind == 'n' && Current.Text is "none" or "true" or "false" ? Advance().Text : ExpectName();
                var test = new ExprNode(ExprKind.Test, position, name, negated) { Children = [node] };
                if (Current.Is("("))
                {
                    Advance();
                    test = ParseCallArguments(test);
                }
                else if (Current.Kind is 's' or 'i' or 'f' || (Current.Kind == 'n' && !IsKeyword(Current.Text)))
                {
                    test.Children.Add(ParsePostfix(ParsePrimary()));
                }

                node = test;
            }
            else
            {
                return node;
            }
        }
    }

    private static bool IsKeyword(string name) => name is "and" or "or" or "not" or "in" or "is" or "if" or "else";
}
