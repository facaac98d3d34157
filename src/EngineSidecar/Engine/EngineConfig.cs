namespace Sluice.Engine.Engine;

/// <summary>The knobs that change live (the <c>/admin/config</c> document).</summary>
/// <param name="MaxBatchSize">Most sequences running at once; 1..<see cref="MaxBatchSizeLimit"/>.</param>
/// <param name="MaxRequestRate">Admitted requests per second (token bucket); null = unlimited.</param>
/// <param name="MaxBatchedTokens">Token budget of one step; 1..<see cref="MaxBatchedTokensLimit"/>.</param>
/// <param name="SloTtftSeconds">TTFT limit each finished request is judged against (sluice_requests_within_slo_total); null = none.</param>
/// <param name="SloTpotSeconds">TPOT limit each finished request is judged against; null = none. A request with one output token has no TPOT and meets it.</param>
public sealed record EngineConfig(int MaxBatchSize, double? MaxRequestRate, int MaxBatchedTokens, double? SloTtftSeconds = null, double? SloTpotSeconds = null)
{
    /// <summary>True when at least one SLO limit is set, so finished requests are judged.</summary>
    public bool JudgesSlo => SloTtftSeconds is not null || SloTpotSeconds is not null;

    public const int MaxBatchSizeLimit = 4096;
    public const int MaxBatchedTokensLimit = 1 << 20;

    /// <summary>Null when valid; otherwise what is wrong, naming the field.</summary>
    public string? Validate()
    {
        if (MaxBatchSize is < 1 or > MaxBatchSizeLimit)
        {
            return $"maxBatchSize must be between 1 and {MaxBatchSizeLimit}, got {MaxBatchSize}";
        }

        if (MaxBatchedTokens is < 1 or > MaxBatchedTokensLimit)
        {
            return $"maxBatchedTokens must be between 1 and {MaxBatchedTokensLimit}, got {MaxBatchedTokens}";
        }

        if (MaxRequestRate is { } rate && (!double.IsFinite(rate) || rate <= 0))
        {
            return $"maxRequestRate must be a positive finite number or null, got {rate}";
        }

        if (SloTtftSeconds is { } ttft && (!double.IsFinite(ttft) || ttft <= 0))
        {
            return $"sloTtftSeconds must be a positive finite number or null, got {ttft}";
        }

        if (SloTpotSeconds is { } tpot && (!double.IsFinite(tpot) || tpot <= 0))
        {
            return $"sloTpotSeconds must be a positive finite number or null, got {tpot}";
        }

        return null;
    }

    /// <summary>True when a request with these latencies meets every set limit (<paramref name="tpotSeconds"/> null: no TPOT, meets it).</summary>
    public bool MeetsSlo(double ttftSeconds, double? tpotSeconds) =>
        (SloTtftSeconds is not { } ttftLimit || ttftSeconds <= ttftLimit) &&
        (SloTpotSeconds is not { } tpotLimit || tpotSeconds is not { } tpot || tpot <= tpotLimit);
}
