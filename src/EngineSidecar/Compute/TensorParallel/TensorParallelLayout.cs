using Sluice.Engine.Model.Config;

namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>
/// How a model splits over <see cref="Size"/> ranks, Megatron-style. Rank r holds query heads [r·H/R, (r+1)·H/R); the
/// key/value heads those read: KV/R of them from r·KV/R when KV ≥ R, else the one head r·KV/R, replicated on R/KV ranks;
/// intermediate features [r·I/R, (r+1)·I/R); vocabulary rows [r·V/R, (r+1)·V/R). Every rank has the same
/// <see cref="RankShape"/>.
/// </summary>
public sealed class TensorParallelLayout
{
    private TensorParallelLayout(ModelConfig model, int size)
    {
        Model = model;
        Size = size;
        RankShape = model with
        {
            NumHeads = model.NumHeads / size,
            NumKvHeads = Math.Max(1, model.NumKvHeads / size),
            IntermediateSize = model.IntermediateSize / size,
            VocabSize = model.VocabSize / size,
        };
    }

    /// <summary>The whole model.</summary>
    public ModelConfig Model { get; }

    /// <summary>Ranks (R).</summary>
    public int Size { get; }

    /// <summary>
    /// The model as one rank computes it: H/R query heads, max(1, KV/R) key/value heads, I/R intermediate features and
    /// V/R vocabulary rows; hidden size, head dimension, layers and everything else as in <see cref="Model"/>.
    /// </summary>
    public ModelConfig RankShape { get; }

    /// <summary>
    /// The layout of <paramref name="model"/> over <paramref name="size"/> ranks; throws <see cref="ArgumentException"/> with
    /// <see cref="Problem"/>'s line when the shapes do not split.
    /// </summary>
    public static TensorParallelLayout Create(ModelConfig model, int size)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Problem(model, size) is { } problem ? throw new ArgumentException(problem) : new TensorParallelLayout(model, size);
    }

    /// <summary>
    /// Null when <paramref name="model"/> splits over <paramref name="size"/> ranks; otherwise one line naming the flag and
    /// the first size that does not: query heads, KV heads (a multiple of R, or a divisor of R when fewer), intermediate
    /// size or vocabulary.
    /// </summary>
    public static string? Problem(ModelConfig model, int size)
    {
        ArgumentNullException.ThrowIfNull(model);
        var flag = $"--tensor-parallel-size {size}";
        if (size < 1)
        {
            return $"{flag}: must be at least 1";
        }

        if (model.NumHeads % size != 0)
        {
            return $"{flag}: num_attention_heads {model.NumHeads} is not divisible by {size}";
        }

        if (model.NumKvHeads >= size && model.NumKvHeads % size != 0)
        {
            return $"{flag}: num_key_value_heads {model.NumKvHeads} is not divisible by {size}";
        }

        if (model.NumKvHeads < size && size % model.NumKvHeads != 0)
        {
            return $"{flag}: num_key_value_heads {model.NumKvHeads} does not divide {size}, so the ranks cannot each read one whole key/value head";
        }

        if (model.IntermediateSize % size != 0)
        {
            return $"{flag}: intermediate_size {model.IntermediateSize} is not divisible by {size}";
        }

        return model.VocabSize % size != 0 ? $"{flag}: vocab_size {model.VocabSize} is not divisible by {size}" : null;
    }

    /// <summary>First query head of <paramref name="rank"/>.</summary>
    public int QueryHeadStart(int rank) => Checked(rank) * RankShape.NumHeads;

    /// <summary>First key/value head of <paramref name="rank"/> (the head its query heads read when KV &lt; R).</summary>
    public int KvHeadStart(int rank) => Model.NumKvHeads >= Size ? Checked(rank) * RankShape.NumKvHeads : Checked(rank) * Model.NumKvHeads / Size;

    /// <summary>First intermediate feature of <paramref name="rank"/>.</summary>
    public int IntermediateStart(int rank) => Checked(rank) * RankShape.IntermediateSize;

    /// <summary>First vocabulary row of <paramref name="rank"/>.</summary>
    public int VocabStart(int rank) => Checked(rank) * RankShape.VocabSize;

    private int Checked(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, Size);
        return rank;
    }
}
