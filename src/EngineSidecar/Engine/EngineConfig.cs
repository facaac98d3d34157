namespace Sluice.Engine.Engine;

/// <summary>The knobs that change live (the <c>/admin/config</c> document).</summary>
/// <param name="MaxBatchSize">Most sequences running at once; 1..<see cref="MaxBatchSizeLimit"/>.</param>
/// <param name="MaxRequestRate">Admitted requests per second (token bucket); null = unlimited.</param>
/// <param name="MaxBatchedTokens">Token budget of one step; 1..<see cref="MaxBatchedTokensLimit"/>.</param>
public sealed record EngineConfig(int MaxBatchSize, double? MaxRequestRate, int MaxBatchedTokens)
{
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

        return null;
    }
}
