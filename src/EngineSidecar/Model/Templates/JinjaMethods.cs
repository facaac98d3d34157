namespace Sluice.Engine.Model.Templates;

/// <summary>Attribute and item access, slicing, and the Python str/dict methods templates call.</summary>
internal static class JinjaMethods
{
    public static object? GetAttribute(object? target, string name, ExprEvaluator evaluator, int position)
    {
        switch (target)
        {
            case Undefined u:
                throw evaluator.Error($"'{u.Name}' is undefined, so it has no attribute '{name}'", position);
            case LoopContext loop:
                return loop.Attribute(name);
            case JinjaNamespace ns:
                return ns.Attributes.TryGetValue(name, out var attribute) ? attribute : new Undefined(name);
            case Dictionary<string, object?> dict:
                return (object?)DictMethod(dict, name) ?? (dict.TryGetValue(name, out var value) ? value : new Undefined(name));
            case string s:
                return (object?)StringMethod(s, name, evaluator, position) ?? new Undefined(name);
            default:
                return new Undefined(name);
        }
    }

    public static object? GetItem(object? target, object? key, ExprEvaluator evaluator, int position)
    {
        switch (target)
        {
            case Undefined u:
                throw evaluator.Error($"'{u.Name}' is undefined, so it cannot be indexed", position);
            case Dictionary<string, object?> dict when key is string k:
                return dict.TryGetValue(k, out var value) ? value : new Undefined(k);
            case List<object?> list when key is long or bool:
                {
                    var index = (long)JinjaValues.ToDouble(key);
                    index = index < 0 ? index + list.Count : index;
                    return index >= 0 && index < list.Count ? list[(int)index] : new Undefined($"[{key}]");
                }

            case string s when key is long i:
                {
                    var chars = JinjaValues.EnumerateTextElements(s).ToList();
                    var index = i < 0 ? i + chars.Count : i;
                    return index >= 0 && index < chars.Count ? chars[(int)index] : new Undefined($"[{key}]");
                }

            default:
                return key is string name ? GetAttribute(target, name, evaluator, position) : new Undefined($"[{JinjaValues.Repr(key)}]");
        }
    }

    public static object? Slice(object? target, object? start, object? stop, object? step, ExprEvaluator evaluator, int position)
    {
        var items = target switch
        {
            List<object?> list => list,
            string s => JinjaValues.EnumerateTextElements(s).ToList(),
            _ => throw evaluator.Error($"cannot slice {JinjaValues.TypeName(target)}", position),
        };
        var stride = step is null ? 1 : (long)JinjaValues.ToDouble(step);
        if (stride == 0)
        {
            throw evaluator.Error("slice step cannot be zero", position);
        }

        var count = (long)items.Count;
        long Bound(object? value, long fallback)
        {
            if (value is null)
            {
                return fallback;
            }

            var v = (long)JinjaValues.ToDouble(value);
            if (v < 0)
            {
                v += count;
            }

            return stride > 0 ? Math.Clamp(v, 0, count) : Math.Clamp(v, -1, count - 1);
        }

        var from = Bound(start, stride > 0 ? 0 : count - 1);
        var to = Bound(stop, stride > 0 ? count : -1);
        var result = new List<object?>();
        for (var i = from; stride > 0 ? i < to : i > to; i += stride)
        {
            result.Add(items[(int)i]);
        }

        return target is string ? string.Concat(result.Cast<string>()) : result;
    }

    private static JinjaCallable? DictMethod(Dictionary<string, object?> dict, string name) => name switch
    {
        "items" => new JinjaCallable("items", (_, _) => Items(dict)),
        "keys" => new JinjaCallable("keys", (_, _) => dict.Keys.Cast<object?>().ToList()),
        "values" => new JinjaCallable("values", (_, _) => dict.Values.ToList()),
        "get" => new JinjaCallable("get", (args, _) =>
            args.Count > 0 && args[0] is string key && dict.TryGetValue(key, out var value) ? value : args.Count > 1 ? args[1] : null),
        _ => null,
    };

    public static List<object?> Items(Dictionary<string, object?> dict) =>
        dict.Select(kv => (object?)new List<object?> { kv.Key, kv.Value }).ToList();

    private static JinjaCallable? StringMethod(string s, string name, ExprEvaluator evaluator, int position)
    {
        string Arg(List<object?> args, int index) => args.Count > index && args[index] is string text
            ? text
            : throw evaluator.Error($"str.{name} expects a string argument", position);
        return name switch
        {
            "strip" => new JinjaCallable(name, (args, _) => args.Count > 0 && args[0] is string c ? s.Trim(c.ToCharArray()) : s.Trim()),
            "lstrip" => new JinjaCallable(name, (args, _) => args.Count > 0 && args[0] is string c ? s.TrimStart(c.ToCharArray()) : s.TrimStart()),
            "rstrip" => new JinjaCallable(name, (args, _) => args.Count > 0 && args[0] is string c ? s.TrimEnd(c.ToCharArray()) : s.TrimEnd()),
            "upper" => new JinjaCallable(name, (_, _) => s.ToUpperInvariant()),
            "lower" => new JinjaCallable(name, (_, _) => s.ToLowerInvariant()),
            "title" => new JinjaCallable(name, (_, _) => JinjaFilters.Title(s)),
            "capitalize" => new JinjaCallable(name, (_, _) => JinjaFilters.Capitalize(s)),
            "startswith" => new JinjaCallable(name, (args, _) => Prefixes(args).Any(p => s.StartsWith(p, StringComparison.Ordinal))),
            "endswith" => new JinjaCallable(name, (args, _) => Prefixes(args).Any(p => s.EndsWith(p, StringComparison.Ordinal))),
            "replace" => new JinjaCallable(name, (args, _) => s.Replace(Arg(args, 0), Arg(args, 1), StringComparison.Ordinal)),
            "find" => new JinjaCallable(name, (args, _) => (long)s.IndexOf(Arg(args, 0), StringComparison.Ordinal)),
            "count" => new JinjaCallable(name, (args, _) => (long)CountOccurrences(s, Arg(args, 0))),
            "join" => new JinjaCallable(name, (args, _) => string.Join(s, JinjaValues.Iterate(args.FirstOrDefault(), "join argument").Select(JinjaValues.ToText))),
            "split" => new JinjaCallable(name, (args, kwargs) => Split(s, args.Count > 0 ? args[0] as string : kwargs.GetValueOrDefault("sep") as string,
                args.Count > 1 ? (long)JinjaValues.ToDouble(args[1]) : -1)),
            _ => null,
        };
    }

    private static IEnumerable<string> Prefixes(List<object?> args) => args.FirstOrDefault() switch
    {
        string p => [p],
        List<object?> list => list.OfType<string>(),
        _ => [],
    };

    private static int CountOccurrences(string s, string sub)
    {
        if (sub.Length == 0)
        {
            return s.Length + 1;
        }

        var count = 0;
        for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static List<object?> Split(string s, string? separator, long maxSplit)
    {
        if (separator is null)
        {
            var words = s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return words.Cast<object?>().ToList();
        }

        var parts = maxSplit < 0 ? s.Split(separator) : s.Split(separator, (int)maxSplit + 1);
        return parts.Cast<object?>().ToList();
    }
}
