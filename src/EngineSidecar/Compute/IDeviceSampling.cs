namespace Sluice.Engine.Compute;

/// <summary>
/// A runner that can pick tokens on the device, so only the chosen ids come back to the host instead of
/// [rows, vocab] logits. Supports plain sampling only: greedy (temperature 0) or softmax(logits / temperature), optionally restricted per row to
/// the tokens of a bitmask (<see cref="TokenMasks"/>, for constrained decoding).
/// Two-phase, so the host can work while the device computes: <see cref="Launch"/> queues a step and returns,
/// <see cref="Collect"/> waits for it and returns its ids.
/// </summary>
/// <remarks>
/// Contract between <see cref="Launch"/> and the matching <see cref="Collect"/>:
/// <list type="bullet">
/// <item>At most one step is launched and not collected; <see cref="Launch"/> throws <see cref="InvalidOperationException"/>
/// while one is pending, and so do <see cref="IModelRunner.Forward"/> and <see cref="IModelRunner.AllocateKvCache"/>.</item>
/// <item>The caller may do host work that touches neither the runner nor the KV blocks of the launched chunks: read
/// results of earlier steps, detokenize, write outputs, mark sequences finished. KV blocks that the launched step
/// writes or reads must not be given to another sequence (no scheduling that allocates) before <see cref="Collect"/>.</item>
/// <item>The runner copies everything it needs from <c>chunks</c>, temperatures and seeds during <see cref="Launch"/>;
/// the caller may reuse them afterwards.</item>
/// <item><see cref="Collect"/> ends the pending step even when it throws (the step's ids are then lost); calling it with
/// no step pending throws <see cref="InvalidOperationException"/>. Disposing the runner waits for a pending step.</item>
/// </list>
/// </remarks>
public interface IDeviceSampling
{
    /// <summary>True between a <see cref="Launch"/> and its <see cref="Collect"/>.</summary>
    bool HasPendingStep { get; }

    /// <summary>
    /// Queues <see cref="IModelRunner.Forward"/>'s computation of <paramref name="chunks"/> and the selection of one token
    /// per chunk with ComputeLogits: the argmax where temperatures[i] is 0, else a draw seeded by seeds[i]
    /// (i counts the chunks with ComputeLogits, in chunk order), among the tokens the masks allow for row i (all when
    /// <paramref name="masks"/> is null or returns null). <paramref name="masks"/> is called once, on the calling thread,
    /// after the forward pass is queued and before the sampling is, so the host computes the grammar masks while the
    /// device runs the model. Returns without waiting for the device where it can.
    /// </summary>
    void Launch(IReadOnlyList<ScheduledChunk> chunks, ReadOnlySpan<float> temperatures, ReadOnlySpan<ulong> seeds, Func<TokenMasks?>? masks = null);

    /// <summary>Waits for the launched step and returns its ids, one per chunk with ComputeLogits, in chunk order.</summary>
    int[] Collect();
}
