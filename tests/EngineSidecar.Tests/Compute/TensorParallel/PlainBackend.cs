using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Tests.Compute.TensorParallel;

/// <summary>A CPU backend seen only through <see cref="IComputeBackend"/>: it has no vocabulary-slice embedding, so a rank on it fails its first step.</summary>
internal sealed class PlainBackend(CpuBackend inner) : IComputeBackend
{
    public string Name => "plain-cpu";

    public int KvElementBytes => inner.KvElementBytes;

    public WeightMatrix LoadWeight(TensorView source) => inner.LoadWeight(source);

    public WeightMatrix GenerateWeight(GeneratedTensor tensor) => inner.GenerateWeight(tensor);

    public WeightMatrix GenerateQuantizedWeight(GeneratedQuantizedTensor tensor) => inner.GenerateQuantizedWeight(tensor);

    public WeightMatrix LoadQuantizedWeight(QuantizedTensor tensor) => inner.LoadQuantizedWeight(tensor);

    public Activation Allocate(int capacityRows, int cols) => inner.Allocate(capacityRows, cols);

    public PagedKvCache AllocateKvCache(int numLayers, int numBlocks, int blockSize, int numKvHeads, int headDim) =>
        inner.AllocateKvCache(numLayers, numBlocks, blockSize, numKvHeads, headDim);

    public void BeginStep(StepBatch batch) => inner.BeginStep(batch);

    public void Embedding(WeightMatrix table, StepBatch batch, Activation output) => inner.Embedding(table, batch, output);

    public void RmsNorm(Activation input, WeightMatrix weight, float eps, Activation output) => inner.RmsNorm(input, weight, eps, output);

    public void AddRmsNorm(Activation input, Activation residual, WeightMatrix weight, float eps, Activation output) =>
        inner.AddRmsNorm(input, residual, weight, eps, output);

    public void MatMul(Activation x, WeightMatrix w, Activation y, int yColumnOffset) => inner.MatMul(x, w, y, yColumnOffset);

    public void AddBias(Activation y, WeightMatrix bias, int yColumnOffset) => inner.AddBias(y, bias, yColumnOffset);

    public void Rope(Activation x, int columnOffset, int numHeads, RotaryEmbedding rope, StepBatch batch) => inner.Rope(x, columnOffset, numHeads, rope, batch);

    public void WriteKv(Activation qkv, int kColumnOffset, int vColumnOffset, PagedKvCache cache, int layer, StepBatch batch) =>
        inner.WriteKv(qkv, kColumnOffset, vColumnOffset, cache, layer, batch);

    public void PagedAttention(Activation qkv, int qColumnOffset, PagedKvCache cache, int layer, AttentionShape shape, StepBatch batch, Activation output) =>
        inner.PagedAttention(qkv, qColumnOffset, cache, layer, shape, batch, output);

    public void SiluAndMul(Activation gateUp, Activation output) => inner.SiluAndMul(gateUp, output);

    public void GatherRows(Activation input, IReadOnlyList<int> rows, Activation output) => inner.GatherRows(input, rows, output);

    public void CopyToHost(Activation input, Span<float> destination) => inner.CopyToHost(input, destination);

    public void Dispose() => inner.Dispose();
}
