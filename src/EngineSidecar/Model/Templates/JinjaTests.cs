namespace Sluice.Engine.Model.Templates;

/// <summary>The Jinja tests (<c>x is defined</c>, <c>x is none</c>…); any other test is a <see cref="ChatTemplateException"/>.</summary>
internal static class JinjaTests
{
    public static bool Apply(string name, object? value, List<object?> args, ExprEvaluator evaluator, int position)
    {
        object? Arg() => args.Count > 0 ? args[0] : throw evaluator.Error($"test '{name}' needs an argument", position);
        return name switch
        {
            "defined" => value is not Undefined,
            "undefined" => value is Undefined,
            "none" => value is null,
            "string" => value is string,
            "number" => value is long or double,
            "integer" => value is long,
            "float" => value is double,
            "boolean" => value is bool,
            "true" => value is true,
            "false" => value is false,
            "mapping" => value is Dictionary<string, object?>,
            "sequence" => value is List<object?> or string or Dictionary<string, object?>,
            "iterable" => value is List<object?> or string or Dictionary<string, object?>,
            "callable" => value is JinjaCallable,
            "odd" => (long)JinjaValues.ToDouble(value) % 2 != 0,
            "even" => (long)JinjaValues.ToDouble(value) % 2 == 0,
            "divisibleby" => (long)JinjaValues.ToDouble(value) % (long)JinjaValues.ToDouble(Arg()) == 0,
            "eq" or "equalto" or "==" => JinjaValues.Equals(value, Arg()),
            "ne" or "!=" => !JinjaValues.Equals(value, Arg()),
            "lt" or "lessthan" or "<" => JinjaValues.Compare(value, Arg()) < 0,
            "gt" or "greaterthan" or ">" => JinjaValues.Compare(value, Arg()) > 0,
            "le" or "<=" => JinjaValues.Compare(value, Arg()) <= 0,
            "ge" or ">=" => JinjaValues.Compare(value, Arg()) >= 0,
            "in" => JinjaValues.Iterate(Arg(), "'in' test argument").Any(x => JinjaValues.Equals(x, value)),
            "sameas" => ReferenceEquals(value, Arg()) || (value is null && Arg() is null) || (value is bool b && Arg() is bool c && b == c),
            _ => throw evaluator.Error($"test '{name}' is not supported", position),
        };
    }
}
