using System.Globalization;

namespace Sluice.Engine.Model.Templates;

/// <summary>The Jinja filters chat templates use; any other filter is a <see cref="ChatTemplateException"/>.</summary>
internal static class JinjaFilters
{
    public static object? Apply(string name, object? value, List<object?> args, Dictionary<string, object?> kwargs, ExprEvaluator evaluator, int position)
    {
        object? Arg(int index, string keyword, object? fallback = null) =>
            args.Count > index ? args[index] : kwargs.TryGetValue(keyword, out var v) ? v : fallback;

        if (value is Undefined u && name is not ("default" or "d" or "length" or "count" or "list" or "string" or "safe"))
        {
            throw evaluator.Error($"'{u.Name}' is undefined (filter '{name}')", position);
        }

        switch (name)
        {
            case "trim":
                return Arg(0, "chars") is string chars ? Text(value).Trim(chars.ToCharArray()) : Text(value).Trim();
            case "length" or "count":
                return JinjaValues.Length(value);
            case "tojson":
                return JinjaJson.Serialize(value, Arg(0, "indent") is long indent ? (int)indent : null, JinjaValues.IsTruthy(Arg(1, "sort_keys", false)), evaluator, position);
            case "items":
                return value is Dictionary<string, object?> dict ? JinjaMethods.Items(dict) : throw evaluator.Error("items expects a dict", position);
            case "capitalize":
                return Capitalize(Text(value));
            case "upper":
                return Text(value).ToUpperInvariant();
            case "lower":
                return Text(value).ToLowerInvariant();
            case "title":
                return Title(Text(value));
            case "replace":
                return Text(value).Replace(JinjaValues.ToText(Arg(0, "old")), JinjaValues.ToText(Arg(1, "new")), StringComparison.Ordinal);
            case "default" or "d":
                var useDefault = value is Undefined || (JinjaValues.IsTruthy(Arg(1, "boolean", false)) && !JinjaValues.IsTruthy(value));
                return useDefault ? Arg(0, "default_value", string.Empty) : value;
            case "join":
                var separator = JinjaValues.ToText(Arg(0, "d", string.Empty));
                var items = JinjaValues.Iterate(value, "join input");
                if (Arg(1, "attribute") is string joinAttribute)
                {
                    items = items.Select(item => JinjaMethods.GetItem(item, joinAttribute, evaluator, position)).ToList();
                }

                return string.Join(separator, items.Select(JinjaValues.ToText));
            case "first":
                return JinjaValues.Iterate(value, "first input") is { Count: > 0 } firstItems ? firstItems[0] : new Undefined("first");
            case "last":
                return JinjaValues.Iterate(value, "last input") is { Count: > 0 } lastItems ? lastItems[^1] : new Undefined("last");
            case "list":
                return JinjaValues.Iterate(value, "list input").ToList();
            case "string":
                return JinjaValues.ToText(value);
            case "safe":
                return value;
            case "int":
                return ToInt(value);
            case "float":
                return value is string fs && double.TryParse(fs, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f
                    : JinjaValues.IsNumber(value) ? JinjaValues.ToDouble(value) : 0.0;
            case "abs":
                return value is long l ? Math.Abs(l) : Math.Abs(JinjaValues.ToDouble(value));
            case "reverse":
                return value is string rs ? string.Concat(JinjaValues.EnumerateTextElements(rs).Reverse().Cast<string>())
                    : Enumerable.Reverse(JinjaValues.Iterate(value, "reverse input")).ToList();
            case "selectattr" or "rejectattr":
                {
                    var attribute = JinjaValues.ToText(Arg(0, "attr"));
                    var reject = name == "rejectattr";
                    var testArgs = args.Skip(2).ToList();
                    return JinjaValues.Iterate(value, name + " input").Where(item =>
                    {
                        var attr = JinjaMethods.GetItem(item, attribute, evaluator, position);
                        var passed = args.Count > 1
                            ? JinjaTests.Apply(JinjaValues.ToText(args[1]), attr, testArgs, evaluator, position)
                            : JinjaValues.IsTruthy(attr);
                        return passed != reject;
                    }).ToList();
                }

            case "select" or "reject":
                {
                    var keep = name == "select";
                    var testArgs = args.Skip(1).ToList();
                    return JinjaValues.Iterate(value, name + " input").Where(item =>
                        (args.Count > 0
                            ? JinjaTests.Apply(JinjaValues.ToText(args[0]), item, testArgs, evaluator, position)
                            : JinjaValues.IsTruthy(item)) == keep).ToList();
                }

            case "map":
                if (kwargs.TryGetValue("attribute", out var mapAttribute) && mapAttribute is string attributeName)
                {
                    return JinjaValues.Iterate(value, "map input").Select(item => JinjaMethods.GetItem(item, attributeName, evaluator, position)).ToList();
                }

                if (args.Count > 0 && args[0] is string filterName)
                {
                    return JinjaValues.Iterate(value, "map input")
                        .Select(item => Apply(filterName, item, args.Skip(1).ToList(), [], evaluator, position)).ToList();
                }

                throw evaluator.Error("map needs attribute= or a filter name", position);
            default:
                throw evaluator.Error($"filter '{name}' is not supported", position);
        }
    }

    public static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    public static string Title(string s)
    {
        var chars = s.ToCharArray();
        var previousIsLetter = false;
        for (var i = 0; i < chars.Length; i++)
        {
            var isLetter = char.IsLetter(chars[i]);
            chars[i] = isLetter && !previousIsLetter ? char.ToUpperInvariant(chars[i]) : isLetter ? char.ToLowerInvariant(chars[i]) : chars[i];
            previousIsLetter = isLetter;
        }

        return new string(chars);
    }

    private static string Text(object? value) => JinjaValues.ToText(value);

    private static long ToInt(object? value) => value switch
    {
        long l => l,
        double d => (long)Math.Truncate(d),
        bool b => b ? 1 : 0,
        string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => (long)Math.Truncate(parsed),
        _ => 0,
    };
}
