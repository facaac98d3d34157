using System.Text;

namespace Sluice.Engine.Model.Templates;

/// <summary>Executes a parsed template's statements into text.</summary>
internal sealed class TemplateRenderer(ExprEvaluator evaluator)
{
    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    public string Render(List<StmtNode> body, TemplateScope scope)
    {
        var output = new StringBuilder();
        _ = Execute(body, scope, output);
        return output.ToString();
    }

    private Flow Execute(List<StmtNode> body, TemplateScope scope, StringBuilder output)
    {
        foreach (var statement in body)
        {
            var flow = ExecuteOne(statement, scope, output);
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }

    private Flow ExecuteOne(StmtNode statement, TemplateScope scope, StringBuilder output)
    {
        switch (statement.Kind)
        {
            case StmtKind.Text:
                output.Append(statement.Text);
                return Flow.Normal;
            case StmtKind.Output:
                output.Append(JinjaValues.ToText(evaluator.Evaluate(statement.Expr!, scope)));
                return Flow.Normal;
            case StmtKind.If:
                foreach (var (condition, branch) in statement.Branches)
                {
                    if (condition is null || JinjaValues.IsTruthy(evaluator.Evaluate(condition, scope)))
                    {
                        return Execute(branch, scope, output);
                    }
                }

                return Flow.Normal;
            case StmtKind.For:
                ExecuteFor(statement, scope, output);
                return Flow.Normal;
            case StmtKind.Set:
                ExecuteSet(statement, scope);
                return Flow.Normal;
            case StmtKind.SetBlock:
                var captured = new StringBuilder();
                _ = Execute(statement.Body, scope, captured);
                scope.Set(statement.Targets[0], captured.ToString());
                return Flow.Normal;
            case StmtKind.Break:
                return Flow.Break;
            case StmtKind.Continue:
                return Flow.Continue;
            case StmtKind.Block:
                return Execute(statement.Body, scope, output);
            default:
                throw evaluator.Error($"unsupported statement {statement.Kind}", statement.Position);
        }
    }

    private void ExecuteFor(StmtNode statement, TemplateScope scope, StringBuilder output)
    {
        var items = JinjaValues.Iterate(evaluator.Evaluate(statement.Expr!, scope), "the for-loop sequence");
        if (statement.Condition is { } filter)
        {
            items = items.Where(item =>
            {
                var probe = new TemplateScope(scope);
                Bind(statement, probe, item);
                return JinjaValues.IsTruthy(evaluator.Evaluate(filter, probe));
            }).ToList();
        }

        if (items.Count == 0)
        {
            _ = Execute(statement.ElseBody, scope, output);
            return;
        }

        var loop = new LoopContext(items);
        for (var i = 0; i < items.Count; i++)
        {
            loop.Index0 = i;
            var frame = new TemplateScope(scope);
            Bind(statement, frame, items[i]);
            frame.Set("loop", loop);
            if (Execute(statement.Body, frame, output) == Flow.Break)
            {
                break;
            }
        }
    }

    private void Bind(StmtNode statement, TemplateScope frame, object? item)
    {
        if (statement.Targets.Count == 1)
        {
            frame.Set(statement.Targets[0], item);
            return;
        }

        if (item is not List<object?> parts || parts.Count != statement.Targets.Count)
        {
            throw evaluator.Error($"cannot unpack {JinjaValues.TypeName(item)} into {statement.Targets.Count} names", statement.Position);
        }

        for (var i = 0; i < parts.Count; i++)
        {
            frame.Set(statement.Targets[i], parts[i]);
        }
    }

    private void ExecuteSet(StmtNode statement, TemplateScope scope)
    {
        var value = evaluator.Evaluate(statement.Expr!, scope);
        if (statement.Attribute is { } attribute)
        {
            if (!scope.TryGet(statement.Targets[0], out var target) || target is not JinjaNamespace ns)
            {
                throw evaluator.Error($"'{statement.Targets[0]}' is not a namespace, so '{statement.Targets[0]}.{attribute}' cannot be set", statement.Position);
            }

            ns.Attributes[attribute] = value;
            return;
        }

        if (statement.Targets.Count == 1)
        {
            scope.Set(statement.Targets[0], value);
            return;
        }

        if (value is not List<object?> parts || parts.Count != statement.Targets.Count)
        {
            throw evaluator.Error($"cannot unpack {JinjaValues.TypeName(value)} into {statement.Targets.Count} names", statement.Position);
        }

        for (var i = 0; i < parts.Count; i++)
        {
            scope.Set(statement.Targets[i], parts[i]);
        }
    }
}
