namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>A backend that can look tokens up in one rank's slice of a vocabulary-parallel embedding.</summary>
public interface IVocabShardEmbedding
{
    /// <summary>
    /// output[t, :] = table[batch.TokenIds[t] − vocabStart, :] when that id lies in [vocabStart, vocabStart + table.Rows),
    /// else zeros. table: [vocab / R, hidden]; output: [T, hidden]. Summed over the ranks' slices this is the whole lookup.
    /// </summary>
    void EmbeddingShard(WeightMatrix table, int vocabStart, StepBatch batch, Activation output);
}
