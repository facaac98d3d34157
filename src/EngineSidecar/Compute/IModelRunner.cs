using Sluice.Engine.Model;

namespace Sluice.Engine.Compute;

/// <summary>
/// Runs a loaded model's forward pass over a batch of <see cref="ScheduledChunk"/>s against a paged KV
/// cache that it owns. Not thread-safe: one caller (the engine loop) drives it.
/// </summary>
public interface IModelRunner : IDisposable
{
    /// <summary>Shapes of the model this runner executes.</summary>
    ModelInfo Info { get; }

    /// <summary>Bytes of KV cache one block of <paramref name="blockSize"/> positions takes across all layers.</summary>
    long KvBytesPerBlock(int blockSize);

    /// <summary>Allocates (or re-allocates) the paged KV cache: <paramref name="numBlocks"/> blocks of <paramref name="blockSize"/> positions.</summary>
    void AllocateKvCache(int numBlocks, int blockSize);

    /// <summary>
    /// Computes every chunk's tokens, writes their keys/values into the cache at their positions through
    /// the chunk's block table, and returns the logits of the last token of each chunk whose
    /// <see cref="ScheduledChunk.ComputeLogits"/> is true, in chunk order: [numLogitChunks, vocabSize] row-major.
    /// Attention of a token sees every earlier position of its own sequence (and itself), read from the cache.
    /// </summary>
    float[] Forward(IReadOnlyList<ScheduledChunk> chunks);
}
