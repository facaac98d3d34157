namespace Sluice.Engine.Compute;

/// <summary>
/// A runner that can pick tokens on the device, so only the chosen ids come back to the host instead of
/// [rows, vocab] logits. Supports plain sampling only: greedy (temperature 0) or softmax(logits / temperature).
/// </summary>
public interface IDeviceSampling
{
    /// <summary>
    /// Runs <see cref="IModelRunner.Forward"/>'s computation and returns one id per chunk with ComputeLogits, in chunk
    /// order: the argmax where temperatures[i] is 0, else a draw seeded by seeds[i].
    /// </summary>
    int[] ForwardSample(IReadOnlyList<ScheduledChunk> chunks, ReadOnlySpan<float> temperatures, ReadOnlySpan<ulong> seeds);
}
