using System.Globalization;
using Sluice.Entities;

namespace Sluice.Operator.Cli.Tune;

/// <summary>
/// A load step of a Poisson load: from <see cref="FromSeconds"/> to <see cref="ToSeconds"/> after the load started the
/// arrival rate is <see cref="Factor"/> × the base rate, before and after it the base rate.
/// </summary>
public sealed record TuneStep(double Factor, double FromSeconds, double ToSeconds)
{
    /// <summary>Parses <c>Fx:FROM:TO</c> (e.g. <c>3x:30s:90s</c>; F &gt; 0, 0 ≤ FROM &lt; TO); null with <paramref name="error"/> otherwise.</summary>
    public static TuneStep? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        var parts = text.Split(':');
        if (parts.Length == 3 && parts[0].EndsWith('x')
            && double.TryParse(parts[0][..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0 && double.IsFinite(factor)
            && DurationText.TryParse(parts[1], out var from) && DurationText.TryParse(parts[2], out var to) && from >= TimeSpan.Zero && to > from)
        {
            return new TuneStep(factor, from.TotalSeconds, to.TotalSeconds);
        }

        error = $"--step '{text}' must be Fx:FROM:TO, the rate factor and when it holds after the load starts, e.g. 3x:30s:90s";
        return null;
    }

    /// <summary>The step as its flag text.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Factor}x:{FromSeconds}s:{ToSeconds}s");
}
