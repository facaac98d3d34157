namespace Sluice.Controllers.Tests.Runtimes;

/// <summary>
/// One replica of a runtime as a simple memoryless queue that the test advances in simulated seconds. Requests arrive at
/// <see cref="OfferedRatePerSecond"/>; the admission proxy admits at most <see cref="MaxRequestRate"/> of them (the rest are
/// refused with 429); the replica serves up to <see cref="CapacityPerSecond"/>. With utilization ρ = admitted / capacity,
/// TTFT = prefill (0.1 s) + 0.1 s × ρ/(1 − ρ), 5 s once ρ ≥ 0.98 (saturated, requests queue); TPOT = 5 ms + 1.5 ms × the
/// batch limit. Every request has <see cref="PromptTokens"/> prompt and <see cref="OutputTokens"/> output tokens. Counts
/// are whole requests: fractions carry over to the next advance.
/// </summary>
internal sealed class QueueingModel(int batchLimit)
{
    public const double PrefillSeconds = 0.1;
    public const int PromptTokens = 256;
    public const int OutputTokens = 128;
    private const double SaturatedTtftSeconds = 5;
    private const double KvCapacityTokens = 16384;
    private double _served;
    private double _refused;
    private double _admitted;

    /// <summary>The batch limit the runtime was started with.</summary>
    public int BatchLimit { get; } = batchLimit;

    /// <summary>The rate lever in force at the proxy; null = unlimited.</summary>
    public double? MaxRequestRate { get; set; }

    public double OfferedRatePerSecond { get; set; } = 10;

    public double CapacityPerSecond { get; set; } = 8;

    public double AdmittedRatePerSecond => Math.Min(OfferedRatePerSecond, MaxRequestRate ?? double.MaxValue);

    public double Utilization => AdmittedRatePerSecond / CapacityPerSecond;

    public bool Saturated => Utilization >= 0.98;

    public double TtftSeconds => Saturated ? SaturatedTtftSeconds : PrefillSeconds + (PrefillSeconds * Utilization / (1 - Utilization));

    public double TpotSeconds => 0.005 + (0.0015 * BatchLimit);

    public double QueueSeconds => TtftSeconds - PrefillSeconds;

    public double E2eSeconds => TtftSeconds + ((OutputTokens - 1) * TpotSeconds);

    /// <summary>Prefill and decode over the output tokens (what TGI calls mean time per token: its inference time includes the prefill).</summary>
    public double InferenceSecondsPerToken => (PrefillSeconds + ((OutputTokens - 1) * TpotSeconds)) / OutputTokens;

    public double ServedRatePerSecond => Math.Min(AdmittedRatePerSecond, CapacityPerSecond);

    /// <summary>The batch fills with the load: ρ × the limit, the whole limit when saturated.</summary>
    public double Running => Saturated ? BatchLimit : Math.Round(Utilization * BatchLimit);

    /// <summary>Queued inside the runtime: 10 s of the excess arrivals when saturated, none otherwise.</summary>
    public double Waiting => Saturated ? Math.Max(1, Math.Ceiling((AdmittedRatePerSecond - CapacityPerSecond) * 10)) : 0;

    /// <summary>In flight at the proxy: running and queued.</summary>
    public double InFlight => Running + Waiting;

    public double KvUsage => Math.Min(1, Running * (PromptTokens + OutputTokens) / KvCapacityTokens);

    /// <summary>Lets <paramref name="seconds"/> of traffic pass at the current levers; the whole requests served, refused and admitted.</summary>
    public (long Served, long Refused, long Admitted) Advance(double seconds) => (
        Whole(ref _served, ServedRatePerSecond * seconds),
        Whole(ref _refused, (OfferedRatePerSecond - AdmittedRatePerSecond) * seconds),
        Whole(ref _admitted, AdmittedRatePerSecond * seconds));

    private static long Whole(ref double cumulative, double add)
    {
        var before = Math.Floor(cumulative + 1e-9);
        cumulative += add;
        return (long)(Math.Floor(cumulative + 1e-9) - before);
    }
}
