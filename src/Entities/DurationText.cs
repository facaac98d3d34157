using System.Globalization;
using System.Text.RegularExpressions;

namespace Sluice.Entities;

/// <summary>
/// Parses and formats Kubernetes-style duration strings such as <c>500ms</c>, <c>1.5s</c> or
/// <c>2m30s</c> (units: ns, us, µs, ms, s, m, h; sequences add up).
/// </summary>
public static partial class DurationText
{
    /// <summary>The schema pattern that every string accepted by <see cref="TryParse"/> matches.</summary>
    public const string Pattern = @"^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$";

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    /// <summary>Parses <paramref name="text"/>; returns false for anything not matching <see cref="Pattern"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text) || !Whole().IsMatch(text))
        {
            return false;
        }

        double totalSeconds = 0;
        foreach (Match m in Part().Matches(text))
        {
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            totalSeconds += value * m.Groups[2].Value switch
            {
                "ns" => 1e-9,
                "us" or "µs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                _ => 3600,
            };
        }

        duration = TimeSpan.FromSeconds(totalSeconds);
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> naming the bad value.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var d) ? d : throw new FormatException($"'{text}' is not a duration like 500ms, 1.5s or 2m30s");

    /// <summary>Formats a duration in the shortest unit that keeps it an integer or short decimal (e.g. 20ms, 1.5s).</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        if (seconds >= 3600 && seconds % 3600 == 0)
        {
            return $"{(seconds / 3600).ToString(CultureInfo.InvariantCulture)}h";
        }

        if (seconds >= 60 && seconds % 60 == 0)
        {
            return $"{(seconds / 60).ToString(CultureInfo.InvariantCulture)}m";
        }

        if (seconds >= 1)
        {
            return $"{Math.Round(seconds, 3).ToString(CultureInfo.InvariantCulture)}s";
        }

        return $"{Math.Round(seconds * 1000, 3).ToString(CultureInfo.InvariantCulture)}ms";
    }
}
