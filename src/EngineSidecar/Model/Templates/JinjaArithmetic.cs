namespace Sluice.Engine.Model.Templates;

/// <summary>Python arithmetic: + - * / // % ** on numbers, + on strings and lists, * for repetition.</summary>
internal static class JinjaArithmetic
{
    public static object? Apply(string op, object? left, object? right, ExprEvaluator evaluator, int position)
    {
        if (left is Undefined || right is Undefined)
        {
            var name = (left as Undefined ?? (Undefined)right!).Name;
            throw evaluator.Error($"'{name}' is undefined", position);
        }

        switch (op)
        {
            case "+" when left is string a && right is string b:
                return a + b;
            case "+" when left is List<object?> a && right is List<object?> b:
                return a.Concat(b).ToList();
            case "*" when left is string s && right is long n:
                return string.Concat(Enumerable.Repeat(s, (int)Math.Max(0, n)));
            case "*" when left is List<object?> list && right is long n:
                return Enumerable.Repeat(list, (int)Math.Max(0, n)).SelectMany(x => x).ToList();
        }

        if (!JinjaValues.IsNumber(left) || !JinjaValues.IsNumber(right))
        {
            throw evaluator.Error($"unsupported operand types for {op}: {JinjaValues.TypeName(left)} and {JinjaValues.TypeName(right)}", position);
        }

        if (op != "/" && left is not double && right is not double)
        {
            var a = ToLong(left);
            var b = ToLong(right);
            switch (op)
            {
                case "+": return a + b;
                case "-": return a - b;
                case "*": return a * b;
                case "**" when b >= 0: return (long)Math.Pow(a, b);
                case "//" or "%" when b == 0: throw evaluator.Error("division by zero", position);
                case "//": return FloorDiv(a, b);
                case "%": return a - (FloorDiv(a, b) * b);
            }
        }

        var x = JinjaValues.ToDouble(left);
        var y = JinjaValues.ToDouble(right);
        if (op is "/" or "//" or "%" && y == 0)
        {
            throw evaluator.Error("division by zero", position);
        }

        return op switch
        {
            "+" => x + y,
            "-" => x - y,
            "*" => x * y,
            "/" => x / y,
            "//" => Math.Floor(x / y),
            "%" => x - (Math.Floor(x / y) * y),
            "**" => Math.Pow(x, y),
            _ => throw evaluator.Error($"unknown operator {op}", position),
        };
    }

    private static long ToLong(object? value) => value is bool b ? (b ? 1 : 0) : (long)value!;

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }
}
