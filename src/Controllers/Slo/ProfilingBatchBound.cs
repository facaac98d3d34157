using System.Globalization;

namespace Sluice.Controllers.Slo;

/// <summary>
/// The largest batch a profiling sweep tries: as many requests of the workload's length as the engine's KV cache
/// holds at once (capacity / (input + output tokens)), within [1, ceiling]; <c>unknownCapacityMax</c> when the
/// engine does not export its capacity.
/// </summary>
public static class ProfilingBatchBound
{
    /// <summary>
    /// Returns the largest batch and a short reason naming the numbers. <paramref name="kvCacheCapacityTokens"/> null,
    /// non-positive or not finite means unknown. Throws <see cref="ArgumentOutOfRangeException"/> for token counts or
    /// bounds below 1.
    /// </summary>
    public static (int MaxBatchSize, string Reason) Largest(double? kvCacheCapacityTokens, int inputTokens, int outputTokens, int unknownCapacityMax, int ceiling)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(unknownCapacityMax, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ceiling, 1);
        if (kvCacheCapacityTokens is not { } capacity || capacity <= 0 || !double.IsFinite(capacity))
        {
            return (Math.Min(unknownCapacityMax, ceiling), "the engine exports no KV capacity");
        }

        var tokensPerRequest = (long)inputTokens + outputTokens;
        var fits = Math.Floor(capacity / tokensPerRequest);
        var largest = (int)Math.Clamp(fits, 1, ceiling);
        var why = string.Create(CultureInfo.InvariantCulture, $"KV capacity {capacity:0} tokens / {tokensPerRequest} tokens per request") +
                  (fits > ceiling ? string.Create(CultureInfo.InvariantCulture, $", capped at {ceiling}") : string.Empty);
        return (largest, why);
    }
}
