namespace Sluice.Bench.Charts;

/// <summary>A linear axis from 0 to a "nice" maximum (1, 2 or 5 × 10ⁿ steps) that covers the data.</summary>
public sealed record AxisScale(double Max, double Step)
{
    /// <summary>The scale for data whose largest value is <paramref name="dataMax"/>, with about <paramref name="targetTicks"/> steps; a non-positive or non-finite max gives 0..1.</summary>
    public static AxisScale Covering(double dataMax, int targetTicks = 5)
    {
        if (!(dataMax > 0) || !double.IsFinite(dataMax))
        {
            return new AxisScale(1, 0.2);
        }

        var step = NiceStep(dataMax / targetTicks);
        return new AxisScale(Math.Ceiling((dataMax / step) - 1e-9) * step, step);
    }

    /// <summary>Tick values from 0 to <see cref="Max"/> inclusive.</summary>
    public IReadOnlyList<double> Ticks()
    {
        var count = (int)Math.Round(Max / Step);
        return [.. Enumerable.Range(0, count + 1).Select(i => i * Step)];
    }

    private static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
