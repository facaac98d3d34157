namespace Sluice.Operator.Cli.Tune;

/// <summary>
/// The load <c>sluice-operator tune</c> drives the engine with: Poisson arrivals at <see cref="RatePerSecond"/> (open loop), or a
/// backlog of <see cref="Users"/> closed-loop users that each send the next request when the last one ended (unlimited arrival
/// while users exceed the batch).
/// </summary>
public sealed record TuneLoad(double? RatePerSecond, int? Users)
{
    /// <summary>Parses <c>poisson:R</c> (R &gt; 0 requests per second) or <c>backlog:N</c> (N ≥ 1 users); null with <paramref name="error"/> otherwise.</summary>
    public static TuneLoad? Parse(string text, out string? error)
    {
        error = null;
        var parts = text.Split(':', 2);
        if (parts.Length == 2 && parts[0] == "poisson" && double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate)
            && rate > 0 && double.IsFinite(rate))
        {
            return new TuneLoad(rate, null);
        }

        if (parts.Length == 2 && parts[0] == "backlog" && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var users) && users >= 1)
        {
            return new TuneLoad(null, users);
        }

        error = $"--load '{text}' must be poisson:R (R > 0 requests per second) or backlog:N (N >= 1 concurrent users)";
        return null;
    }

    /// <summary>The load as its flag text.</summary>
    public override string ToString() => RatePerSecond is { } r
        ? "poisson:" + r.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : "backlog:" + Users!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
