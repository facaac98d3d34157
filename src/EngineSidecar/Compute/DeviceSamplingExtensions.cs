namespace Sluice.Engine.Compute;

/// <summary>One-shot use of an <see cref="IDeviceSampling"/> runner.</summary>
public static class DeviceSamplingExtensions
{
    /// <summary>
    /// <see cref="IDeviceSampling.Launch"/> followed by <see cref="IDeviceSampling.Collect"/>: runs the step and returns
    /// one id per chunk with ComputeLogits, in chunk order.
    /// </summary>
    public static int[] ForwardSample(this IDeviceSampling runner, IReadOnlyList<ScheduledChunk> chunks, ReadOnlySpan<float> temperatures, ReadOnlySpan<ulong> seeds, Func<TokenMasks?>? masks = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        runner.Launch(chunks, temperatures, seeds, masks);
        return runner.Collect();
    }
}
