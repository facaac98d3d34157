namespace Sluice.Engine.Model.Templates;

/// <summary>Evaluates expressions against a scope with Jinja/Python semantics.</summary>
internal sealed class ExprEvaluator(string source)
{
    public string Source => source;

    public object? Evaluate(ExprNode node, TemplateScope scope)
    {
        switch (node.Kind)
        {
            case ExprKind.Literal:
                return node.Value;
            case ExprKind.Name:
                return scope.TryGet(node.Name!, out var value) ? value : new Undefined(node.Name!);
            case ExprKind.Attribute:
                return JinjaMethods.GetAttribute(Evaluate(node.Children[0]!, scope), node.Name!, this, node.Position);
            case ExprKind.Index:
                return JinjaMethods.GetItem(Evaluate(node.Children[0]!, scope), Evaluate(node.Children[1]!, scope), this, node.Position);
            case ExprKind.Slice:
                return JinjaMethods.Slice(
                    Evaluate(node.Children[0]!, scope),
                    EvaluateOptional(node.Children[1], scope),
                    EvaluateOptional(node.Children[2], scope),
                    EvaluateOptional(node.Children[3], scope),
                    this,
                    node.Position);
            case ExprKind.Call:
                {
                    var target = Evaluate(node.Children[0]!, scope);
                    if (target is not JinjaCallable callable)
                    {
                        throw Error($"{JinjaValues.TypeName(target)} is not callable", node.Position);
                    }

                    var (args, kwargs) = EvaluateArguments(node, 1, scope);
                    return callable.Invoke(args, kwargs);
                }

            case ExprKind.Filter:
                {
                    var (args, kwargs) = EvaluateArguments(node, 1, scope);
                    return JinjaFilters.Apply(node.Name!, Evaluate(node.Children[0]!, scope), args, kwargs, this, node.Position);
                }

            case ExprKind.Test:
                {
                    var (args, kwargs) = EvaluateArguments(node, 1, scope);
                    var result = JinjaTests.Apply(node.Name!, Evaluate(node.Children[0]!, scope), args, this, node.Position);
                    _ = kwargs;
                    return node.Value is true ? !result : result;
                }

            case ExprKind.Unary:
                return EvaluateUnary(node, scope);
            case ExprKind.Binary:
                return EvaluateBinary(node, scope);
            case ExprKind.Conditional:
                return JinjaValues.IsTruthy(Evaluate(node.Children[1]!, scope))
                    ? Evaluate(node.Children[0]!, scope)
                    : node.Children[2] is { } otherwise ? Evaluate(otherwise, scope) : new Undefined("conditional");
            case ExprKind.List:
                return node.Children.Select(child => Evaluate(child!, scope)).ToList();
            case ExprKind.Dict:
                {
                    var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                    for (var i = 0; i + 1 < node.Children.Count; i += 2)
                    {
                        if (Evaluate(node.Children[i]!, scope) is not string key)
                        {
                            throw Error("dict keys must be strings", node.Children[i]!.Position);
                        }

                        dict[key] = Evaluate(node.Children[i + 1]!, scope);
                    }

                    return dict;
                }

            default:
                throw Error($"unsupported expression {node.Kind}", node.Position);
        }
    }

    public ChatTemplateException Error(string message, int position) =>
        new($"chat template: {message} at {TemplateErrors.Location(source, position)}");

    private object? EvaluateOptional(ExprNode? node, TemplateScope scope) => node is null ? null : Evaluate(node, scope);

    private (List<object?> Args, Dictionary<string, object?> Kwargs) EvaluateArguments(ExprNode node, int skip, TemplateScope scope)
    {
        var args = node.Children.Skip(skip).Select(child => Evaluate(child!, scope)).ToList();
        var kwargs = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in node.Keywords)
        {
            kwargs[name] = Evaluate(value, scope);
        }

        return (args, kwargs);
    }

    private object? EvaluateUnary(ExprNode node, TemplateScope scope)
    {
        var operand = Evaluate(node.Children[0]!, scope);
        return node.Name switch
        {
            "not" => !JinjaValues.IsTruthy(operand),
            "-" => operand switch
            {
                long l => (object)(-l),
                double d => (object)(-d),
                bool b => b ? -1L : 0L,
                _ => throw Error($"cannot negate {JinjaValues.TypeName(operand)}", node.Position),
            },
            _ => JinjaValues.IsNumber(operand) ? operand : throw Error($"unary + on {JinjaValues.TypeName(operand)}", node.Position),
        };
    }

    private object? EvaluateBinary(ExprNode node, TemplateScope scope)
    {
        var op = node.Name!;
        var left = Evaluate(node.Children[0]!, scope);
        if (op == "and")
        {
            return JinjaValues.IsTruthy(left) ? Evaluate(node.Children[1]!, scope) : left;
        }

        if (op == "or")
        {
            return JinjaValues.IsTruthy(left) ? left : Evaluate(node.Children[1]!, scope);
        }

        var right = Evaluate(node.Children[1]!, scope);
        return op switch
        {
            "==" => JinjaValues.Equals(left, right),
            "!=" => !JinjaValues.Equals(left, right),
            "<" => JinjaValues.Compare(left, right) < 0,
            ">" => JinjaValues.Compare(left, right) > 0,
            "<=" => JinjaValues.Compare(left, right) <= 0,
            ">=" => JinjaValues.Compare(left, right) >= 0,
            "in" => Contains(right, left, node.Position),
            "not in" => !Contains(right, left, node.Position),
            "~" => JinjaValues.ToText(left) + JinjaValues.ToText(right),
            _ => JinjaArithmetic.Apply(op, left, right, this, node.Position),
        };
    }

    private bool Contains(object? container, object? item, int position) => container switch
    {
        string s when item is string sub => s.Contains(sub, StringComparison.Ordinal),
        List<object?> list => list.Any(x => JinjaValues.Equals(x, item)),
        Dictionary<string, object?> dict => item is string key && dict.ContainsKey(key),
        Undefined => false,
        _ => throw Error($"'in' needs a string, list or dict on its right, got {JinjaValues.TypeName(container)}", position),
    };
}
