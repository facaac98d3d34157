namespace Sluice.Controllers.Tests.Slo;

/// <summary>
/// A replica's latency in the shape of the seed figures: TPOT rises linearly with batch (TPOT &lt; 20 ms
/// allows batch 4) and TTFT rises with the admitted rate like a queue nearing saturation (TTFT &lt; 1 s
/// allows about 6 req/s). Multiplicative noise is uniform in ±<see cref="NoiseFraction"/>, seeded.
/// </summary>
internal sealed class SeedLatencyModel(double noiseFraction, int seed)
{
    private readonly Random _random = new(seed);

    public double NoiseFraction { get; } = noiseFraction;

    /// <summary>TPOT p95 at <paramref name="batch"/>: 8 ms + 2.5 ms per sequence (batch 4 → 18 ms, 5 → 20.5 ms).</summary>
    public double TpotSeconds(int batch) => (0.008 + (0.0025 * batch)) * Noise();

    /// <summary>TTFT p95 at an admitted rate: 0.2 s + 0.03·λ/(1 − λ/8), capped at 30 s (6 req/s → 0.92 s, 6.15 → 1.0 s).</summary>
    public double TtftSeconds(double admittedPerSecond) =>
        admittedPerSecond >= 7.9 ? 30 : Math.Min(30, 0.2 + (0.03 * admittedPerSecond / (1 - (admittedPerSecond / 8)))) * Noise();

    /// <summary>Largest admitted rate with TTFT ≤ 1 s in the noiseless model.</summary>
    public const double OptimalRatePerSecond = 0.8 / (0.03 + 0.1);

    public double Noise() => 1 + (NoiseFraction * ((2 * _random.NextDouble()) - 1));
}
