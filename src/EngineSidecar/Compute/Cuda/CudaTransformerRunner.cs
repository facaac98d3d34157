using System.Numerics;
using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Config;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;
using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// <see cref="IModelRunner"/> for Llama-family models on a <see cref="CudaBackend"/>: the forward pass of
/// <see cref="TransformerRunner"/>, with decode steps (one token per sequence) padded to a batch size of
/// <see cref="GraphBatchSizes"/> and replayed from a CUDA graph captured the first time that size is seen, and
/// token selection on the GPU (<see cref="Launch"/> / <see cref="Collect"/>: only the chosen ids come back, and the
/// host need not wait in between). Owns backend, weights, weight source and cache. Not thread-safe.
/// </summary>
public sealed unsafe class CudaTransformerRunner : IModelRunner, IDeviceSampling, IDeviceMemory, IWarmUp
{
    /// <summary>Padded batch sizes that decode graphs are captured for (1, 2, 4, then every multiple of 8 to 256); larger decode batches run without a graph.</summary>
    public static readonly int[] GraphBatchSizes = [1, 2, 4, .. Enumerable.Range(1, 32).Select(i => i * 8)];

    // Most logits rows sampled asynchronously (the largest graph batch); larger steps sample synchronously.
    private const int MaxSampledRows = 256;
    private const int HostIdsOffsetBytes = MaxSampledRows * (sizeof(ulong) + sizeof(float));
    private const int DeviceIdsOffsetBytes = 3 * MaxSampledRows * sizeof(ulong);

    private readonly CudaBackend _backend;
    private readonly IWeightSource _source;
    private readonly TransformerWeights _weights;
    private readonly CudaForwardPass _pass;
    private readonly Dictionary<(int Batch, int Stride), (CudaGraph Graph, int Generation)> _graphs = [];
    private readonly DeviceBuffer _sampling;
    private readonly PinnedBuffer _samplingHost;
    private DeviceBuffer? _maskDevice;
    private PinnedBuffer? _maskHost;
    private nint _sampled;
    private int _pendingRows = -1;
    private int[]? _readyIds;
    private PagedKvCache? _cache;
    private ForwardWorkspace? _workspace;
    private int _workspaceGeneration;

    /// <summary>Loads every weight of <paramref name="config"/> onto <paramref name="backend"/>; takes ownership of source and backend.</summary>
    /// <param name="linear">Reads the decoder linear weights (quantized); null loads them as stored.</param>
    /// <param name="progress">Hears of every weight loaded; null loads silently.</param>
    public CudaTransformerRunner(ModelConfig config, IWeightSource source, CudaBackend backend, bool useGraphs = true, LinearLoader? linear = null,
        LoadProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        _backend = backend;
        _source = source;
        UseGraphs = useGraphs;
        _weights = TransformerWeights.Load(config, source, backend, linear, progress);
        var weightBytes = _weights.Bytes;
        _pass = new CudaForwardPass(config, _weights, backend);
        _sampling = new DeviceBuffer(DeviceIdsOffsetBytes + (MaxSampledRows * sizeof(int)));
        _samplingHost = new PinnedBuffer(HostIdsOffsetBytes + (MaxSampledRows * sizeof(int)));
        Check(cuEventCreate(out _sampled, 2), nameof(cuEventCreate));
        Info = new ModelInfo(config.Architecture, config.VocabSize, config.MaxPositionEmbeddings, config.NumLayers,
            config.NumKvHeads, config.HeadDim, weightBytes, (linear?.Mode ?? QuantizationMode.None).WireName(), KvCacheDtypes.WireName(backend.KvElementBytes));
    }

    public ModelConfig Config { get; }

    /// <inheritdoc/>
    public bool HasPendingStep => _pendingRows >= 0;

    public ModelInfo Info { get; }

    /// <summary>Whether decode steps replay CUDA graphs; when false every step runs op by op (e.g. to profile it).</summary>
    public bool UseGraphs { get; set; }

    /// <summary>Decode graphs captured so far.</summary>
    public int GraphCount => _graphs.Count;

    /// <summary>
    /// Captures the decode graphs (timing their GEMM algorithms) of every padded batch size up to
    /// <paramref name="maxBatchSize"/> for contexts of up to 16 blocks, so the first requests do not wait for it. Every
    /// warm-up sequence writes position 0 of block 0.
    /// </summary>
    public void WarmUp(int maxBatchSize)
    {
        RequireNoPendingStep(nameof(WarmUp));
        if (!UseGraphs)
        {
            return;
        }

        var largest = GraphBatchSizes.FirstOrDefault(b => b >= maxBatchSize, GraphBatchSizes[^1]);
        foreach (var batch in GraphBatchSizes.Where(b => b <= largest))
        {
            Run(Enumerable.Range(0, batch).Select(s => new ScheduledChunk(s, [0], 0, [0], true)).ToList());
        }

        _backend.Device.Synchronize();
    }

    public long KvBytesPerBlock(int blockSize) => 2L * Config.NumLayers * blockSize * Config.KvDim * _backend.KvElementBytes;

    public void AllocateKvCache(int numBlocks, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numBlocks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        RequireNoPendingStep(nameof(AllocateKvCache));
        DropGraphs();
        _cache?.Dispose();
        _cache = null;
        _cache = _backend.AllocateKvCache(Config.NumLayers, numBlocks, blockSize, Config.NumKvHeads, Config.HeadDim);
        _weights.ApplyKvScales(_cache);
    }

    public float[] Forward(IReadOnlyList<ScheduledChunk> chunks)
    {
        RequireNoPendingStep(nameof(Forward));
        var (ws, rows) = Run(chunks);
        var logits = new float[rows * Config.VocabSize];
        if (rows > 0)
        {
            _backend.CopyToHost(ws.Logits, logits);
        }

        return logits;
    }

    /// <inheritdoc/>
    public long FreeDeviceBytes()
    {
        var (free, _) = _backend.Device.MemoryInfo();
        return (long)free;
    }

    /// <summary>
    /// Queues the step like <see cref="Forward"/> and the selection of the next token of every logits row on the GPU
    /// (argmax where temperatures[i] is 0, else a draw from softmax(logits / temperature) seeded by seeds[i]), then an
    /// asynchronous copy of the ids into pinned host memory, and returns. Seeds and temperatures go up from pinned memory.
    /// Steps with more logits rows than the largest graph batch, and steps that capture a new graph or grow a buffer,
    /// wait for the device inside this call. See <see cref="IDeviceSampling"/> for what may happen before <see cref="Collect"/>.
    /// </summary>
    public void Launch(IReadOnlyList<ScheduledChunk> chunks, ReadOnlySpan<float> temperatures, ReadOnlySpan<ulong> seeds, Func<TokenMasks?>? masks = null)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        RequireNoPendingStep(nameof(Launch));
        var wanted = chunks.Count(c => c.ComputeLogits);
        if (temperatures.Length != wanted || seeds.Length != wanted)
        {
            throw new ArgumentException($"{wanted} chunks compute logits: {temperatures.Length} temperatures and {seeds.Length} seeds given");
        }

        if (wanted > MaxSampledRows)
        {
            var (wsLarge, rowsLarge) = Run(chunks);
            _readyIds = _backend.SampleTokens(Sized(wsLarge.Logits, rowsLarge), temperatures, seeds, masks?.Invoke());
            _pendingRows = rowsLarge;
            return;
        }

        var (ws, rows) = Run(chunks);
        var stepMasks = masks?.Invoke(); // while the device runs the forward pass just queued
        if (rows == 0)
        {
            _readyIds = [];
            _pendingRows = 0;
            return;
        }

        // Pinned staging: seeds [rows] u64 | temperatures [rows] f32 at the front, ids [rows] i32 at HostIdsOffsetBytes.
        // Device: the same front layout at _sampling, ids at DeviceIdsOffsetBytes. Reused only after Collect waited for the event.
        seeds.CopyTo(_samplingHost.Slice<ulong>(0, rows));
        temperatures.CopyTo(_samplingHost.Slice<float>(rows * sizeof(ulong), rows));
        var stream = _backend.Device.Stream;
        ulong seedsAt = _sampling.Pointer, temperaturesAt = seedsAt + ((ulong)rows * sizeof(ulong)), idsAt = _sampling.Pointer + DeviceIdsOffsetBytes;
        Check(cuMemcpyHtoDAsync(seedsAt, (void*)_samplingHost.Pointer, (nuint)(rows * (sizeof(ulong) + sizeof(float))), stream), nameof(cuMemcpyHtoDAsync));
        var (maskRowsAt, masksAt) = stepMasks is null ? (0UL, 0UL) : StageMasks(stepMasks, rows, stream);
        _backend.QueueSampling(Sized(ws.Logits, rows), temperaturesAt, seedsAt, idsAt, maskRowsAt, masksAt, stepMasks?.WordsPerRow ?? 0);
        Check(cuMemcpyDtoHAsync((byte*)_samplingHost.Pointer + HostIdsOffsetBytes, idsAt, (nuint)(rows * sizeof(int)), stream), nameof(cuMemcpyDtoHAsync));
        Check(cuEventRecord(_sampled, stream), nameof(cuEventRecord));
        _readyIds = null;
        _pendingRows = rows;
    }

    /// <summary>Waits for the launched step's ids (see <see cref="Launch"/>) and returns them, one per chunk with ComputeLogits.</summary>
    public int[] Collect()
    {
        if (_pendingRows < 0)
        {
            throw new InvalidOperationException("Collect called with no launched step");
        }

        var rows = _pendingRows;
        var ready = _readyIds;
        _pendingRows = -1;
        _readyIds = null;
        if (ready is not null)
        {
            return ready;
        }

        _backend.EnsureCurrent();
        Check(cuEventSynchronize(_sampled), nameof(cuEventSynchronize));
        return _samplingHost.Slice<int>(HostIdsOffsetBytes, rows).ToArray();
    }

    // Copies the masks into pinned staging and queues their upload: mask indexes [rows] i32, then the mask words. The buffers
    // grow to the largest step seen; the previous step's copies finished before its Collect returned, so reuse is safe.
    private (ulong MaskRows, ulong Masks) StageMasks(TokenMasks masks, int rows, nint stream)
    {
        if (masks.RowMasks.Length != rows)
        {
            throw new ArgumentException($"{rows} rows sample, {masks.RowMasks.Length} mask indexes given");
        }

        var bytes = ((long)rows * sizeof(int)) + ((long)masks.Words.Length * sizeof(uint));
        if (_maskDevice is null || _maskDevice.Bytes < bytes)
        {
            _maskDevice?.Dispose();
            _maskHost?.Dispose();
            _maskDevice = new DeviceBuffer(bytes);
            _maskHost = new PinnedBuffer(bytes);
        }

        masks.RowMasks.CopyTo(_maskHost!.Slice<int>(0, rows));
        masks.Words.CopyTo(_maskHost.Slice<uint>((long)rows * sizeof(int), masks.Words.Length));
        Check(cuMemcpyHtoDAsync(_maskDevice.Pointer, (void*)_maskHost.Pointer, (nuint)bytes, stream), nameof(cuMemcpyHtoDAsync));
        return (_maskDevice.Pointer, _maskDevice.Pointer + ((ulong)rows * sizeof(int)));
    }

    public void Dispose()
    {
        _backend.EnsureCurrent();
        if (HasPendingStep)
        {
            // A launched step still reads buffers freed below; its ids are no longer wanted.
            _ = cuStreamSynchronize(_backend.Device.Stream);
            _pendingRows = -1;
        }

        DropGraphs();
        _sampling.Dispose();
        _samplingHost.Dispose();
        _maskDevice?.Dispose();
        _maskHost?.Dispose();
        if (_sampled != 0)
        {
            _ = cuEventDestroy(_sampled);
            _sampled = 0;
        }

        _pass.Dispose();
        _workspace?.Dispose();
        _cache?.Dispose();
        _weights.Dispose();
        _backend.Dispose();
        _source.Dispose();
    }

    private void RequireNoPendingStep(string operation)
    {
        if (HasPendingStep)
        {
            throw new InvalidOperationException($"{operation} called while a launched step is not collected");
        }
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
