using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute;

/// <summary>
/// The tensor operations of a Llama-family forward pass, implemented once per device (CPU now, CUDA later).
/// Activations are fp32 [rows, cols] row-major; T is the number of tokens in the step. An op that writes
/// into a column range of its output ("at column offset c") leaves the other columns untouched.
/// Ops may run asynchronously on a device; <see cref="CopyToHost"/> waits for them.
/// </summary>
public interface IComputeBackend : IDisposable
{
    /// <summary>Short name, e.g. "cpu".</summary>
    string Name { get; }

    /// <summary>Bytes per KV cache element as this backend stores it.</summary>
    int KvElementBytes { get; }

    /// <summary>Makes a weight resident: [rows, cols] for 2-D tensors, [1, n] for vectors.</summary>
    WeightMatrix LoadWeight(TensorView source);

    /// <summary>
    /// Makes a dummy weight resident by generating it where the backend keeps it (<see cref="DummyRandom"/>): [rows, cols]
    /// for 2-D tensors, [1, n] for vectors; element i holds <see cref="DummyRandom.Value"/> of index i, bf16-rounded when
    /// stored as bf16. The host holds no copy beyond what the backend itself computes from.
    /// </summary>
    WeightMatrix GenerateWeight(GeneratedTensor tensor);

    /// <summary>
    /// Makes a dummy quantized linear weight resident by generating it where the backend keeps it: the same layout and values
    /// as <see cref="LoadQuantizedWeight"/> of <see cref="DummyQuantizedWeights.Materialize"/>(tensor). Throws
    /// <see cref="NotSupportedException"/> when the device cannot compute the format.
    /// </summary>
    WeightMatrix GenerateQuantizedWeight(GeneratedQuantizedTensor tensor);

    /// <summary>
    /// Makes a quantized linear weight resident (layout: <see cref="QuantizedTensor"/>); MatMul with it computes what that
    /// layout defines. Throws <see cref="NotSupportedException"/> when the device cannot compute the format.
    /// </summary>
    WeightMatrix LoadQuantizedWeight(QuantizedTensor tensor);

    /// <summary>
    /// Called once after the last weight of a model is loaded: waits for queued weight copies and frees what loading needed
    /// (staging buffers, open files). Loading more weights afterwards is allowed and allocates them again.
    /// </summary>
    void EndWeightLoad()
    {
    }

    /// <summary>An fp32 activation buffer [capacityRows, cols].</summary>
    Activation Allocate(int capacityRows, int cols);

    /// <summary>Per layer keys and values [numBlocks, blockSize, numKvHeads, headDim].</summary>
    PagedKvCache AllocateKvCache(int numLayers, int numBlocks, int blockSize, int numKvHeads, int headDim);

    /// <summary>
    /// Starts a forward step: a device backend uploads <paramref name="batch"/>'s index arrays here once;
    /// every later op of the step receives the same batch.
    /// </summary>
    void BeginStep(StepBatch batch);

    /// <summary>output[t, :] = table[batch.TokenIds[t], :]. table: [vocab, hidden]; output: [T, hidden].</summary>
    void Embedding(WeightMatrix table, StepBatch batch, Activation output);

    /// <summary>output[t] = input[t] / √(mean(input[t]²) + eps) · weight. input, output: [T, hidden]; weight: [1, hidden].</summary>
    void RmsNorm(Activation input, WeightMatrix weight, float eps, Activation output);

    /// <summary>
    /// Fused residual add + RMSNorm: residual[t] += input[t]; output[t] = RmsNorm(residual[t]) · weight.
    /// input, residual, output: [T, hidden]; weight: [1, hidden].
    /// </summary>
    void AddRmsNorm(Activation input, Activation residual, WeightMatrix weight, float eps, Activation output);

    /// <summary>y[t, c + n] = Σ_k x[t, k] · w[n, k]. x: [T, K]; w: [N, K]; y: [T, ≥ c + N] at column offset c.</summary>
    void MatMul(Activation x, WeightMatrix w, Activation y, int yColumnOffset);

    /// <summary>y[t, c + n] += bias[n]. bias: [1, N]; y: [T, ≥ c + N] at column offset c.</summary>
    void AddBias(Activation y, WeightMatrix bias, int yColumnOffset);

    /// <summary>
    /// Rotates, in place, <paramref name="numHeads"/> heads stored from column <paramref name="columnOffset"/> of x
    /// ([T, …, numHeads · headDim, …]) by each token's position batch.Positions[t].
    /// </summary>
    void Rope(Activation x, int columnOffset, int numHeads, RotaryEmbedding rope, StepBatch batch);

    /// <summary>
    /// Writes each token's key (columns [kOffset, kOffset + kvDim) of qkv) and value (from vOffset) into
    /// slot batch.SlotMapping[t] of <paramref name="layer"/>. qkv: [T, …]; kvDim = numKvHeads · headDim.
    /// </summary>
    void WriteKv(Activation qkv, int kColumnOffset, int vColumnOffset, PagedKvCache cache, int layer, StepBatch batch);

    /// <summary>
    /// Causal paged attention. For token t of sequence s at position p and head h, with g = h / GroupSize:
    /// output[t, h·d..] = Σ_j softmax_j(Scale · q[t,h] · K[s, j, g]) · V[s, j, g] over positions j ≤ p
    /// (and p − j &lt; SlidingWindow when set), K/V read through s's block table. q: columns from qOffset of
    /// qkv [T, …]; output: [T, NumHeads · HeadDim]. The step's keys/values must already be written.
    /// </summary>
    void PagedAttention(Activation qkv, int qColumnOffset, PagedKvCache cache, int layer, AttentionShape shape, StepBatch batch, Activation output);

    /// <summary>SwiGLU: output[t, i] = silu(gateUp[t, i]) · gateUp[t, I + i]. gateUp: [T, 2I]; output: [T, I].</summary>
    void SiluAndMul(Activation gateUp, Activation output);

    /// <summary>output[r, :] = input[rows[r], :]. input: [T, C]; output: [rows.Length, C].</summary>
    void GatherRows(Activation input, IReadOnlyList<int> rows, Activation output);

    /// <summary>Copies input's rows × cols to <paramref name="destination"/> (row-major) after all queued work.</summary>
    void CopyToHost(Activation input, Span<float> destination);
}
