using System.Globalization;

namespace Sluice.Bench.Cli;

/// <summary>Parses durations such as <c>20ms</c>, <c>1.5s</c>, <c>5m</c>, <c>1h</c>, <c>250us</c>; a bare number is seconds.</summary>
public static class DurationParser
{
    private static readonly (string Suffix, double Seconds)[] Units =
        [("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)];

    /// <summary>True and the value in seconds when <paramref name="text"/> is a non-negative finite duration.</summary>
    public static bool TryParseSeconds(string? text, out double seconds)
    {
        seconds = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim().ToLowerInvariant();
        var (number, scale) = (trimmed, 1.0);
        foreach (var (suffix, unitSeconds) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal) && !(suffix == "s" && trimmed.EndsWith("ms", StringComparison.Ordinal)))
            {
                (number, scale) = (trimmed[..^suffix.Length], unitSeconds);
                break;
            }
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= 0) || !double.IsFinite(value))
        {
            return false;
        }

        seconds = value * scale;
        return true;
    }
}
