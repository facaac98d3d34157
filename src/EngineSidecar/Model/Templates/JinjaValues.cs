using System.Globalization;
using System.Text;

namespace Sluice.Engine.Model.Templates;

/// <summary>Python semantics for template values: truthiness, str(), repr(), equality, ordering, iteration.</summary>
/// <remarks>
/// Values are null (None), <see cref="Undefined"/>, bool, long, double, string, List&lt;object?&gt; (list or
/// tuple), Dictionary&lt;string, object?&gt; (dict), <see cref="JinjaNamespace"/>, <see cref="LoopContext"/>, <see cref="JinjaCallable"/>.
/// </remarks>
internal static class JinjaValues
{
    public static bool IsTruthy(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        Dictionary<string, object?> dict => dict.Count > 0,
        _ => true,
    };

    /// <summary>Python <c>str()</c>.</summary>
    public static string ToText(object? value) => value switch
    {
        string s => s,
        Undefined => string.Empty,
        _ => Repr(value),
    };

    /// <summary>Python <c>repr()</c>.</summary>
    public static string Repr(object? value) => value switch
    {
        null => "None",
        Undefined => string.Empty,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        string s => QuoteString(s),
        List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        Dictionary<string, object?> dict => "{" + string.Join(", ", dict.Select(kv => QuoteString(kv.Key) + ": " + Repr(kv.Value))) + "}",
        JinjaNamespace => "<Namespace>",
        JinjaCallable c => $"<function {c.Name}>",
        _ => value.ToString() ?? string.Empty,
    };

    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static string QuoteString(string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder(s.Length + 2).Append(quote);
        foreach (var c in s)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ when c < ' ' || c == '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return builder.Append(quote).ToString();
    }

    public static new bool Equals(object? left, object? right)
    {
        if (left is Undefined || right is Undefined)
        {
            return left is Undefined && right is Undefined;
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return ToDouble(left) == ToDouble(right);
        }

        return (left, right) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
            (List<object?> a, List<object?> b) => a.Count == b.Count && a.Zip(b).All(p => Equals(p.First, p.Second)),
            (Dictionary<string, object?> a, Dictionary<string, object?> b) =>
                a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && Equals(kv.Value, v)),
            _ => ReferenceEquals(left, right),
        };
    }

    /// <summary>Python ordering of numbers, strings or lists; anything else is a template error.</summary>
    public static int Compare(object? left, object? right)
    {
        if (IsNumber(left) && IsNumber(right))
        {
            return ToDouble(left).CompareTo(ToDouble(right));
        }

        if (left is string a && right is string b)
        {
            return string.CompareOrdinal(a, b);
        }

        throw new ChatTemplateException($"chat template: cannot order {TypeName(left)} and {TypeName(right)}");
    }

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new ChatTemplateException($"chat template: expected a number, got {TypeName(value)}"),
    };

    /// <summary>The items a for loop visits: list elements, dict keys, string characters; undefined is empty.</summary>
    public static List<object?> Iterate(object? value, string what) => value switch
    {
        List<object?> list => list,
        Dictionary<string, object?> dict => [.. dict.Keys],
        string s => [.. EnumerateTextElements(s)],
        Undefined => [],
        _ => throw new ChatTemplateException($"chat template: {what} is {TypeName(value)}, which is not iterable"),
    };

    public static long Length(object? value) => value switch
    {
        string s => EnumerateTextElements(s).Count(),
        List<object?> list => list.Count,
        Dictionary<string, object?> dict => dict.Count,
        Undefined => 0,
        _ => throw new ChatTemplateException($"chat template: {TypeName(value)} has no length"),
    };

    /// <summary>Python's characters are code points; surrogate pairs count as one.</summary>
    public static IEnumerable<object?> EnumerateTextElements(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                yield return s.Substring(i++, 2);
            }
            else
            {
                yield return s[i].ToString();
            }
        }
    }

    public static string TypeName(object? value) => value switch
    {
        null => "None",
        Undefined u => $"undefined '{u.Name}'",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        JinjaNamespace => "namespace",
        LoopContext => "loop",
        JinjaCallable => "function",
        _ => value.GetType().Name,
    };
}
