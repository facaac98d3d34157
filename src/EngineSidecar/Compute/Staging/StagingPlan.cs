namespace Sluice.Engine.Compute.Staging;

/// <summary>Splits a tensor into chunks that fit one staging buffer, never splitting an element.</summary>
public static class StagingPlan
{
    /// <summary>
    /// Chunks of <paramref name="elements"/> elements of <paramref name="elementBytes"/> bytes each, in order, every chunk at
    /// most <paramref name="bufferBytes"/> bytes and all but the last exactly the largest whole number of elements that fits.
    /// No chunks for 0 elements.
    /// </summary>
    public static IEnumerable<StagingChunk> Chunks(long elements, int elementBytes, int bufferBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elements);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(elementBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferBytes, elementBytes);
        var perChunk = bufferBytes / elementBytes;
        for (long first = 0; first < elements; first += perChunk)
        {
            var count = (int)Math.Min(perChunk, elements - first);
            yield return new StagingChunk(first * elementBytes, count * elementBytes, first, count);
        }
    }
}
