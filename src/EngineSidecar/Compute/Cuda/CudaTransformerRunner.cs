using System.Numerics;
using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Config;
using Sluice.Engine.Model.Weights;
using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// <see cref="IModelRunner"/> for Llama-family models on a <see cref="CudaBackend"/>: the forward pass of
/// <see cref="TransformerRunner"/>, with decode steps (one token per sequence) padded to a batch size of
/// <see cref="GraphBatchSizes"/> and replayed from a CUDA graph captured the first time that size is seen, and
/// token selection on the GPU (<see cref="ForwardSample"/>: only the chosen ids come back). Owns backend, weights,
/// weight source and cache. Not thread-safe.
/// </summary>
public sealed unsafe class CudaTransformerRunner : IModelRunner, IDeviceSampling, IDeviceMemory
{
    /// <summary>Padded batch sizes that decode graphs are captured for (1, 2, 4, then every multiple of 8 to 256); larger decode batches run without a graph.</summary>
    public static readonly int[] GraphBatchSizes = [1, 2, 4, .. Enumerable.Range(1, 32).Select(i => i * 8)];

    private readonly CudaBackend _backend;
    private readonly IWeightSource _source;
    private readonly TransformerWeights _weights;
    private readonly CudaForwardPass _pass;
    private readonly Dictionary<(int Batch, int Stride), (CudaGraph Graph, int Generation)> _graphs = [];
    private readonly DeviceBuffer _sampling;
    private PagedKvCache? _cache;
    private ForwardWorkspace? _workspace;
    private int _workspaceGeneration;

    /// <summary>Loads every weight of <paramref name="config"/> onto <paramref name="backend"/>; takes ownership of source and backend.</summary>
    public CudaTransformerRunner(ModelConfig config, IWeightSource source, CudaBackend backend, bool useGraphs = true)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        _backend = backend;
        _source = source;
        UseGraphs = useGraphs;
        _weights = TransformerWeights.Load(config, source, backend);
        var weightBytes = _weights.Bytes;
        _pass = new CudaForwardPass(config, _weights, backend);
        _sampling = new DeviceBuffer(GraphBatchSizes[^1] * 4L * sizeof(ulong));
        Info = new ModelInfo(config.Architecture, config.VocabSize, config.MaxPositionEmbeddings, config.NumLayers,
            config.NumKvHeads, config.HeadDim, weightBytes);
    }

    public ModelConfig Config { get; }

    public ModelInfo Info { get; }

    /// <summary>Whether decode steps replay CUDA graphs; when false every step runs op by op (e.g. to profile it).</summary>
    public bool UseGraphs { get; set; }

    /// <summary>Decode graphs captured so far.</summary>
    public int GraphCount => _graphs.Count;

    public long KvBytesPerBlock(int blockSize) => 2L * Config.NumLayers * blockSize * Config.KvDim * _backend.KvElementBytes;

    public void AllocateKvCache(int numBlocks, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numBlocks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        DropGraphs();
        _cache?.Dispose();
        _cache = null;
        _cache = _backend.AllocateKvCache(Config.NumLayers, numBlocks, blockSize, Config.NumKvHeads, Config.HeadDim);
    }

    public float[] Forward(IReadOnlyList<ScheduledChunk> chunks)
    {
        var (ws, rows) = Run(chunks);
        var logits = new float[rows * Config.VocabSize];
        if (rows > 0)
        {
            _backend.CopyToHost(ws.Logits, logits);
        }

        return logits;
    }

    /// <summary>
    /// Runs the step like <see cref="Forward"/> and selects the next token of every logits row on the GPU: argmax where
    /// temperatures[i] is 0, else a draw from softmax(logits / temperature) seeded by seeds[i]. Returns the ids, one per
    /// chunk with ComputeLogits, in chunk order.
    /// </summary>
    /// <inheritdoc/>
    public long FreeDeviceBytes()
    {
        var (free, _) = _backend.Device.MemoryInfo();
        return (long)free;
    }

    public int[] ForwardSample(IReadOnlyList<ScheduledChunk> chunks, ReadOnlySpan<float> temperatures, ReadOnlySpan<ulong> seeds)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var wanted = chunks.Count(c => c.ComputeLogits);
        if (temperatures.Length != wanted || seeds.Length != wanted)
        {
            throw new ArgumentException($"{wanted} chunks compute logits: {temperatures.Length} temperatures and {seeds.Length} seeds given");
        }

        if (wanted > GraphBatchSizes[^1])
        {
            var (wsLarge, rowsLarge) = Run(chunks);
            return _backend.SampleTokens(Sized(wsLarge.Logits, rowsLarge), temperatures, seeds);
        }

        var (ws, rows) = Run(chunks);
        if (rows == 0)
        {
            return [];
        }

        var host = stackalloc byte[rows * (sizeof(ulong) + sizeof(float))];
        var seedBytes = new Span<byte>(host, rows * sizeof(ulong));
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(seeds).CopyTo(seedBytes);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(temperatures).CopyTo(new Span<byte>(host + (rows * sizeof(ulong)), rows * sizeof(float)));
        ulong seedsAt = _sampling.Pointer, temperaturesAt = seedsAt + ((ulong)rows * sizeof(ulong)), idsAt = _sampling.Pointer + (3UL * 256 * sizeof(ulong));
        Check(cuMemcpyHtoDAsync(seedsAt, host, (nuint)(rows * (sizeof(ulong) + sizeof(float))), _backend.Device.Stream), nameof(cuMemcpyHtoDAsync));
        _backend.QueueSampling(Sized(ws.Logits, rows), temperaturesAt, seedsAt, idsAt);
        _backend.Device.Synchronize();
        var ids = new int[rows];
        fixed (int* p = ids)
        {
            Check(cuMemcpyDtoH(p, idsAt, (nuint)(rows * sizeof(int))), nameof(cuMemcpyDtoH));
        }

        return ids;
    }

    public void Dispose()
    {
        _backend.EnsureCurrent();
        DropGraphs();
        _sampling.Dispose();
        _pass.Dispose();
        _workspace?.Dispose();
        _cache?.Dispose();
        _weights.Dispose();
        _backend.Dispose();
        _source.Dispose();
    }

    private static Activation Sized(Activation a, int rows)
    {
        a.Resize(rows);
        return a;
    }

    // Computes the step; returns the workspace and the number of real logits rows (the first rows of ws.Logits).
    private (ForwardWorkspace Workspace, int Rows) Run(IReadOnlyList<ScheduledChunk> chunks)
    {
        var cache = _cache ?? throw new InvalidOperationException("AllocateKvCache must be called before Forward");
        _backend.EnsureCurrent();
        var batch = StepBatchBuilder.Build(chunks, Config.VocabSize, Config.MaxPositionEmbeddings, cache.NumBlocks, cache.BlockSize);
        var rows = batch.LogitRows.Length;
        if (batch.NumTokens == 0)
        {
            return (Workspace(1, 1), 0);
        }

        var bucket = GraphBatchSizes.FirstOrDefault(b => b >= chunks.Count);
        if (!UseGraphs || bucket == 0 || chunks.Any(c => c.TokenIds.Length != 1 || !c.ComputeLogits))
        {
            var ws = Workspace(batch.NumTokens, rows);
            ws.Resize(batch.NumTokens, rows);
            _pass.Run(batch, cache, ws);
            return (ws, rows);
        }

        var stride = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, batch.MaxBlocksPerSequence));
        var padded = DecodePadding.Pad(batch, bucket, stride);
        var graphWs = Workspace(bucket, bucket);
        graphWs.Resize(bucket, bucket);
        var key = (bucket, stride);
        if (_graphs.TryGetValue(key, out var entry) && entry.Generation == Generation())
        {
            _backend.Step.Upload(padded, _backend.Device.Stream);
            entry.Graph.Launch(_backend.Device.Stream);
        }
        else
        {
            entry.Graph?.Dispose();
            _backend.Attention.ContextHint = stride * cache.BlockSize;
            try
            {
                _backend.Gemm.TimeNewShapes = true;
                _pass.Run(padded, cache, graphWs);
                _backend.Gemm.TimeNewShapes = false;
                var graph = CudaGraph.Capture(_backend.Device.Stream, () => _pass.Run(padded, cache, graphWs));
                _graphs[key] = (graph, Generation());
            }
            finally
            {
                _backend.Attention.ContextHint = 0;
                _backend.Gemm.TimeNewShapes = false;
            }
        }

        graphWs.Logits.Resize(rows);
        return (graphWs, rows);
    }

    private int Generation() => _backend.BufferGeneration + (_workspaceGeneration << 16);

    private void DropGraphs()
    {
        foreach (var (graph, _) in _graphs.Values)
        {
            graph.Dispose();
        }

        _graphs.Clear();
    }

    private ForwardWorkspace Workspace(int tokens, int logitRows)
    {
        if (_workspace is { } existing && existing.TokenCapacity >= tokens && existing.LogitCapacity >= logitRows)
        {
            return existing;
        }

        // Decode graphs need room for the largest padded batch; grow in powers of two like TransformerRunner.
        var tokenCapacity = Math.Max((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(tokens, 256)), _workspace?.TokenCapacity ?? 0);
        var logitCapacity = Math.Max((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(logitRows, 256)), _workspace?.LogitCapacity ?? 0);
        _backend.Device.Synchronize();
        _workspace?.Dispose();
        _workspace = null;
        _workspace = new ForwardWorkspace(_backend, Config, tokenCapacity, logitCapacity);
        _workspaceGeneration++;
        return _workspace;
    }
}
