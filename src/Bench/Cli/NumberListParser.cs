using System.Globalization;

namespace Sluice.Bench.Cli;

/// <summary>Parses comma-separated positive numbers such as <c>1,2,4,8</c>; <c>inf</c> stands for positive infinity.</summary>
public static class NumberListParser
{
    /// <summary>True and the values when every item of <paramref name="text"/> is a positive number (or <c>inf</c> when <paramref name="allowInfinity"/>).</summary>
    public static bool TryParse(string? text, bool allowInfinity, out IReadOnlyList<double> values)
    {
        values = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parsed = new List<double>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (allowInfinity && item.Equals("inf", StringComparison.OrdinalIgnoreCase))
            {
                parsed.Add(double.PositiveInfinity);
            }
            else if (double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
            {
                parsed.Add(value);
            }
            else
            {
                return false;
            }
        }

        values = parsed;
        return parsed.Count > 0;
    }
}
