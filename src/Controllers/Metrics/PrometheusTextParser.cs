using System.Globalization;

namespace Sluice.Controllers.Metrics;

/// <summary>
/// Parses the Prometheus text exposition format (version 0.0.4) into samples. Comment lines
/// (<c># HELP</c>, <c># TYPE</c>) and blank lines are skipped; a malformed line throws
/// <see cref="FormatException"/> naming the line number, so a broken scrape is never half-used.
/// </summary>
public static class PrometheusTextParser
{
    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        var samples = new List<MetricSample>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseLine(line) ?? throw new FormatException($"metrics line {lineNumber} is malformed: {Truncate(line)}"));
        }

        return samples;
    }

    private static MetricSample? ParseLine(string line)
    {
        var nameEnd = line.IndexOfAny(['{', ' ', '\t']);
        if (nameEnd <= 0)
        {
            return null;
        }

        var name = line[..nameEnd];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = line[nameEnd..];
        if (rest[0] == '{')
        {
            var close = ParseLabels(rest, labels);
            if (close < 0)
            {
                return null;
            }

            rest = rest[(close + 1)..];
        }

        var fields = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 1 or > 2 || !TryParseValue(fields[0], out var value))
        {
            return null;
        }

        return new MetricSample(name, labels, value);
    }

    /// <summary>Parses <c>{a="x",b="y"}</c> at the start of <paramref name="text"/>; returns the index of the closing brace or -1.</summary>
    private static int ParseLabels(string text, Dictionary<string, string> labels)
    {
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '}')
            {
                return i;
            }

            var eq = text.IndexOf('=', i);
            if (eq < 0 || eq + 1 >= text.Length || text[eq + 1] != '"')
            {
                return -1;
            }

            var key = text[i..eq].Trim();
            var value = new System.Text.StringBuilder();
            var j = eq + 2;
            for (; j < text.Length && text[j] != '"'; j++)
            {
                if (text[j] == '\\' && j + 1 < text.Length)
                {
                    j++;
                    value.Append(text[j] == 'n' ? '\n' : text[j]);
                }
                else
                {
                    value.Append(text[j]);
                }
            }

            if (j >= text.Length)
            {
                return -1;
            }

            labels[key] = value.ToString();
            i = j + 1;
            if (i < text.Length && text[i] == ',')
            {
                i++;
            }
        }

        return -1;
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static string Truncate(string line) => line.Length <= 120 ? line : line[..120] + "…";
}
