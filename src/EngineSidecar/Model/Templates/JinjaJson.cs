using System.Globalization;
using System.Text;

namespace Sluice.Engine.Model.Templates;

/// <summary>The <c>tojson</c> filter as transformers defines it: Python json.dumps with ensure_ascii=False.</summary>
internal static class JinjaJson
{
    public static string Serialize(object? value, int? indent, bool sortKeys, ExprEvaluator evaluator, int position)
    {
        var builder = new StringBuilder();
        Write(builder, value, indent, sortKeys, 0, evaluator, position);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, object? value, int? indent, bool sortKeys, int depth, ExprEvaluator evaluator, int position)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case long l:
                builder.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                builder.Append(double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : JinjaValues.FormatFloat(d));
                break;
            case string s:
                WriteString(builder, s);
                break;
            case List<object?> list:
                WriteContainer(builder, '[', ']', list.Count, indent, depth, i => Write(builder, list[i], indent, sortKeys, depth + 1, evaluator, position));
                break;
            case Dictionary<string, object?> dict:
                var entries = sortKeys ? dict.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList() : dict.ToList();
                WriteContainer(builder, '{', '}', entries.Count, indent, depth, i =>
                {
                    WriteString(builder, entries[i].Key);
                    builder.Append(": ");
                    Write(builder, entries[i].Value, indent, sortKeys, depth + 1, evaluator, position);
                });
                break;
            default:
                throw evaluator.Error($"tojson cannot serialize {JinjaValues.TypeName(value)}", position);
        }
    }

    private static void WriteContainer(StringBuilder builder, char open, char close, int count, int? indent, int depth, Action<int> writeItem)
    {
        builder.Append(open);
        if (count == 0)
        {
            builder.Append(close);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(indent is null ? ", " : ",");
            }

            if (indent is { } n)
            {
                builder.Append('\n').Append(' ', n * (depth + 1));
            }

            writeItem(i);
        }

        if (indent is { } m)
        {
            builder.Append('\n').Append(' ', m * depth);
        }

        builder.Append(close);
    }

    private static void WriteString(StringBuilder builder, string s)
    {
        builder.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
