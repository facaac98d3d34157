namespace Sluice.Controllers.Slo;

/// <summary>
/// Where the tuner may move each lever. A user-fixed number in the spec gives Min == Max (the lever is
/// frozen); <c>auto</c> gives the full range. <paramref name="MaxRequestRatePerSecond"/> null = no upper bound.
/// </summary>
public sealed record LeverBounds(int MinBatchSize, int MaxBatchSize, double MinRequestRatePerSecond, double? MaxRequestRatePerSecond)
{
    /// <summary>True when the user fixed the batch size.</summary>
    public bool BatchFixed => MinBatchSize == MaxBatchSize;

    /// <summary>True when the user fixed the request rate.</summary>
    public bool RateFixed => MaxRequestRatePerSecond is { } max && Math.Abs(max - MinRequestRatePerSecond) < 1e-9;
}
