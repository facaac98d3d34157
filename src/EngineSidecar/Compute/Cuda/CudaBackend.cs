using Sluice.Engine.Compute.Cuda.Runtime;
using Sluice.Engine.Model.Quantization;
using static Sluice.Engine.Compute.Cuda.Native.CudaDriver;
using static Sluice.Engine.Compute.Cuda.Runtime.KernelArg;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// The GPU backend: bf16 weights and KV cache, fp32 activations (the residual stream and logits keep fp32
/// precision), GEMMs through cuBLASLt on bf16 operands (activations cast to bf16) with fp32 accumulation and output, everything else through the NVRTC-compiled kernels of Compute/Cuda/Kernels. All work is
/// queued on one stream; <see cref="CopyToHost"/> waits for it. The step's index arrays are uploaded once per
/// <see cref="StepBatch"/> instance. Not thread-safe.
/// </summary>
public sealed unsafe partial class CudaBackend : IComputeBackend
{
    private const uint RowThreads = 256;
    private const string ModuleName = "sluice_kernels";

    private readonly CudaModule _module;
    private readonly CublasLtMatmul _gemm;
    private readonly CudaStepData _step;
    private readonly CudaAttention _attention;
    private readonly Dictionary<RotaryEmbedding, DeviceBuffer> _inverseFrequencies = new(ReferenceEqualityComparer.Instance);
    private DeviceBuffer? _rows;
    private int _currentThread;

    /// <summary>Opens the device, compiles (or loads from the disk cache) the kernels and creates the cuBLASLt handle.</summary>
    public CudaBackend(CudaRunnerOptions? options = null)
    {
        options ??= new CudaRunnerOptions();
        KvCacheDtype = options.KvCacheDtype;
        Device = new CudaDevice(options.DeviceOrdinal);
        try
        {
            var compiler = new KernelCompiler(options.KernelCacheDirectory ?? KernelCompiler.DefaultCacheDirectory());
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var (cubin, fromCache) = compiler.Compile(ModuleName, KernelSources.Program(), Device.Architecture);
            KernelsFromCache = fromCache;
            KernelLoadSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            _module = new CudaModule(cubin);
            _step = new CudaStepData();
            _currentThread = Environment.CurrentManagedThreadId;
            _gemm = new CublasLtMatmul();
            _attention = new CudaAttention(_module, Device);
        }
        catch
        {
            Device.Dispose();
            throw;
        }
    }

    public string Name => "cuda";

    /// <summary>Uploads the step's index arrays (once per batch instance; later ops reuse them).</summary>
    public void BeginStep(StepBatch batch) => _step.Upload(batch, Device.Stream);

    public int KvElementBytes => CudaKvCache.ElementBytes(KvCacheDtype);

    /// <summary>How the KV caches this backend allocates store keys and values.</summary>
    public KvCacheDtype KvCacheDtype { get; }

    /// <summary>The GPU and stream this backend queues work on.</summary>
    public CudaDevice Device { get; }

    /// <summary>The loaded kernels (for tools that launch kernels directly, e.g. the benchmark).</summary>
    public CudaModule Module => _module;

    /// <summary>The GEMM engine.</summary>
    public CublasLtMatmul Gemm => _gemm;

    /// <summary>Paged attention planning (its context hint is set while decode graphs are captured).</summary>
    public CudaAttention Attention => _attention;

    /// <summary>The step index arrays on the device.</summary>
    public CudaStepData Step => _step;

    /// <summary>When set, device time of every op is recorded (eager steps only: graphs must not hold profiling events).</summary>
    public OpProfiler? Profiler { get; set; }

    /// <summary>Changes whenever a scratch buffer a captured graph may hold the address of is reallocated.</summary>
    public int BufferGeneration => _attention.Generation + _step.Generation + _quant.Generation;

    /// <summary>True when the kernels' cubin came from the disk cache rather than NVRTC.</summary>
    public bool KernelsFromCache { get; }

    /// <summary>Seconds spent compiling or loading the kernels' cubin.</summary>
    public double KernelLoadSeconds { get; }

    public Activation Allocate(int capacityRows, int cols)
    {
        EnsureCurrent();
        return new CudaActivation(capacityRows, cols);
    }

    public PagedKvCache AllocateKvCache(int numLayers, int numBlocks, int blockSize, int numKvHeads, int headDim) =>
        AllocateKvCache(numLayers, numBlocks, blockSize, numKvHeads, headDim, KvCacheDtype);

    /// <summary>A KV cache of <paramref name="dtype"/> rather than the backend's own (the self-test compares both).</summary>
    public PagedKvCache AllocateKvCache(int numLayers, int numBlocks, int blockSize, int numKvHeads, int headDim, KvCacheDtype dtype)
    {
        EnsureCurrent();
        return new CudaKvCache(numLayers, numBlocks, blockSize, numKvHeads, headDim, dtype);
    }

    public void Embedding(WeightMatrix table, StepBatch batch, Activation output)
    {
        var mark = Profiler?.Begin("embedding");
        var w = Weight(table);
        var o = Gpu(output);
        RequireRows(o, batch.NumTokens, "embedding output");
        RequireCols(o, w.Cols, "embedding output");
        EnsureCurrent();
        _step.Upload(batch, Device.Stream);
        o.ShadowValid = false;
        Launch("embedding_gather", batch.NumTokens, Pointer(o.Pointer), Pointer(w.Pointer), Pointer(_step.TokenIds), Int(w.Cols));
        EndProfile(mark);
    }

    public void RmsNorm(Activation input, WeightMatrix weight, float eps, Activation output)
    {
        var mark = Profiler?.Begin("rms_norm");
        var x = Gpu(input);
        var o = Gpu(output);
        RequireCols(o, x.Cols, "rms_norm output");
        LaunchRows("rms_norm", x.Rows, Pointer(o.Pointer), Pointer(o.Shadow.Pointer), Pointer(x.Pointer), Pointer(Weight(weight).Pointer), Float(eps), Int(x.Cols));
        o.ShadowValid = true;
        EndProfile(mark);
    }

    public void AddRmsNorm(Activation input, Activation residual, WeightMatrix weight, float eps, Activation output)
    {
        var mark = Profiler?.Begin("add_rms_norm");
        var x = Gpu(input);
        var r = Gpu(residual);
        var o = Gpu(output);
        RequireCols(r, x.Cols, "residual");
        RequireCols(o, x.Cols, "add_rms_norm output");
        r.ShadowValid = false;
        LaunchRows("add_rms_norm", x.Rows, Pointer(o.Pointer), Pointer(o.Shadow.Pointer), Pointer(x.Pointer), Pointer(r.Pointer), Pointer(Weight(weight).Pointer), Float(eps), Int(x.Cols));
        o.ShadowValid = true;
        EndProfile(mark);
    }

    public void MatMul(Activation x, WeightMatrix w, Activation y, int yColumnOffset)
    {
        var mark = Profiler?.Begin("gemm");
        var a = Gpu(x);
        var o = Gpu(y);
        if (w is CudaQuantizedMatrix q)
        {
            if (q.Cols != a.Cols || yColumnOffset < 0 || yColumnOffset + q.Rows > o.Cols || o.Rows != a.Rows)
            {
                throw new ArgumentException($"matmul shapes: x [{a.Rows}, {a.Cols}], w '{q.Name}' [{q.Rows}, {q.Cols}], y [{o.Rows}, {o.Cols}] at column {yColumnOffset}");
            }

            EnsureCurrent();
            QuantizedMatMul(a, q, o, yColumnOffset);
            EndProfile(mark);
            return;
        }

        var b = Weight(w);
        if (b.Cols != a.Cols || yColumnOffset < 0 || yColumnOffset + b.Rows > o.Cols || o.Rows != a.Rows)
        {
            throw new ArgumentException($"matmul shapes: x [{a.Rows}, {a.Cols}], w '{b.Name}' [{b.Rows}, {b.Cols}], y [{o.Rows}, {o.Cols}] at column {yColumnOffset}");
        }

        EnsureCurrent();
        if (!a.ShadowValid)
        {
            var elements = (long)a.Rows * a.Cols;
            _module.Launch("cast_bf16", ((uint)Math.Clamp((elements + 1023) / 1024, 1, Device.MultiprocessorCount * 16), 1, 1), RowThreads, Device.Stream,
                Pointer(a.Shadow.Pointer), Pointer(a.Pointer), Int64(elements));
            a.ShadowValid = true;
        }

        o.ShadowValid = false;
        _gemm.Run(a.Shadow.Pointer, b.Pointer, o.At(0, yColumnOffset), a.Rows, b.Rows, b.Cols, o.Cols, Device.Stream, fp32Output: true);
        EndProfile(mark);
    }

    public void AddBias(Activation y, WeightMatrix bias, int yColumnOffset)
    {
        var mark = Profiler?.Begin("add_bias");
        var o = Gpu(y);
        var b = Weight(bias);
        if (yColumnOffset < 0 || yColumnOffset + b.Cols > o.Cols)
        {
            throw new ArgumentException($"bias '{b.Name}' [{b.Cols}] does not fit y [{o.Rows}, {o.Cols}] at column {yColumnOffset}");
        }

        o.ShadowValid = false;
        Launch("add_bias", o.Rows, Pointer(o.Pointer), Pointer(b.Pointer), Int(o.Cols), Int(yColumnOffset), Int(b.Cols));
        EndProfile(mark);
    }

    public void Rope(Activation x, int columnOffset, int numHeads, RotaryEmbedding rope, StepBatch batch)
    {
        var mark = Profiler?.Begin("rope");
        ArgumentNullException.ThrowIfNull(rope);
        var data = Gpu(x);
        if (columnOffset < 0 || columnOffset + (numHeads * rope.HeadDim) > data.Cols)
        {
            throw new ArgumentException($"rope: {numHeads} heads of {rope.HeadDim} from column {columnOffset} exceed {data.Cols} columns");
        }

        EnsureCurrent();
        if (!_inverseFrequencies.TryGetValue(rope, out var invFreq))
        {
            invFreq = new DeviceBuffer(Math.Max(1, rope.InverseFrequencies.Length) * sizeof(float));
            invFreq.Upload<float>(rope.InverseFrequencies);
            _inverseFrequencies[rope] = invFreq;
        }

        EnsureCurrent();
        _step.Upload(batch, Device.Stream);
        data.ShadowValid = false;
        Launch("rope", batch.NumTokens, Pointer(data.Pointer), Int(data.Cols), Int(columnOffset), Int(numHeads), Int(rope.HeadDim),
            Int(rope.RotaryDim), Pointer(invFreq.Pointer), Pointer(_step.Positions));
        EndProfile(mark);
    }

    public void WriteKv(Activation qkv, int kColumnOffset, int vColumnOffset, PagedKvCache cache, int layer, StepBatch batch)
    {
        var mark = Profiler?.Begin("write_kv");
        var data = Gpu(qkv);
        var kv = Kv(cache);
        var kvDim = kv.NumKvHeads * kv.HeadDim;
        if ((uint)layer >= (uint)kv.NumLayers || kColumnOffset + kvDim > data.Cols || vColumnOffset + kvDim > data.Cols)
        {
            throw new ArgumentException($"write_kv: layer {layer} of {kv.NumLayers}, k/v columns {kColumnOffset}/{vColumnOffset} + {kvDim} of {data.Cols}");
        }

        EnsureCurrent();
        _step.Upload(batch, Device.Stream);
        if (kv.Dtype == KvCacheDtype.Fp8)
        {
            Launch("write_kv_fp8", batch.NumTokens, Pointer(data.Pointer), Int(data.Cols), Int(kColumnOffset), Int(vColumnOffset),
                Pointer(kv.Keys(layer)), Pointer(kv.Values(layer)), Pointer(_step.Slots), Int(kvDim), Float(kv.KeyScales[layer]), Float(kv.ValueScales[layer]));
        }
        else
        {
            Launch("write_kv", batch.NumTokens, Pointer(data.Pointer), Int(data.Cols), Int(kColumnOffset), Int(vColumnOffset),
                Pointer(kv.Keys(layer)), Pointer(kv.Values(layer)), Pointer(_step.Slots), Int(kvDim));
        }

        EndProfile(mark);
    }

    public void PagedAttention(Activation qkv, int qColumnOffset, PagedKvCache cache, int layer, AttentionShape shape, StepBatch batch, Activation output)
    {
        var mark = Profiler?.Begin("paged_attention");
        EnsureCurrent();
        _step.Upload(batch, Device.Stream);
        var o = Gpu(output);
        _attention.Run(Gpu(qkv), qColumnOffset, Kv(cache), layer, shape, _step, o);
        o.ShadowValid = true;
        EndProfile(mark);
    }

    public void SiluAndMul(Activation gateUp, Activation output)
    {
        var mark = Profiler?.Begin("silu_and_mul");
        var g = Gpu(gateUp);
        var o = Gpu(output);
        if (g.Cols != 2 * o.Cols || g.Rows != o.Rows)
        {
            throw new ArgumentException($"silu_and_mul: gateUp [{g.Rows}, {g.Cols}] does not match output [{o.Rows}, {o.Cols}]");
        }

        var chunks = (uint)Math.Max(1, Math.Min(64, o.Cols / (int)(RowThreads * 4)));
        EnsureCurrent();
        _module.Launch("silu_and_mul", ((uint)o.Rows, chunks, 1), RowThreads, Device.Stream, Pointer(o.Pointer), Pointer(o.Shadow.Pointer), Pointer(g.Pointer), Int(o.Cols));
        o.ShadowValid = true;
        EndProfile(mark);
    }

    public void GatherRows(Activation input, IReadOnlyList<int> rows, Activation output)
    {
        var mark = Profiler?.Begin("gather_rows");
        ArgumentNullException.ThrowIfNull(rows);
        var x = Gpu(input);
        var o = Gpu(output);
        RequireCols(o, x.Cols, "gather output");
        RequireRows(o, rows.Count, "gather output");
        foreach (var row in rows)
        {
            if ((uint)row >= (uint)x.Rows)
            {
                throw new ArgumentException($"gather: row {row} outside [0, {x.Rows})");
            }
        }

        EnsureCurrent();
        ulong rowsPointer;
        if (_step.Batch is { } b && ReferenceEquals(rows, b.LogitRows))
        {
            rowsPointer = _step.LogitRows;
        }
        else
        {
            if (_rows is null || _rows.Bytes < rows.Count * sizeof(int))
            {
                Device.Synchronize();
                _rows?.Dispose();
                _rows = new DeviceBuffer(Math.Max(64, rows.Count) * sizeof(int));
            }

            _rows.Upload<int>(rows.ToArray());
            rowsPointer = _rows.Pointer;
        }

        o.ShadowValid = false;
        Launch("gather_rows", rows.Count, Pointer(o.Pointer), Pointer(x.Pointer), Pointer(rowsPointer), Int(x.Cols));
        EndProfile(mark);
    }

    public void CopyToHost(Activation input, Span<float> destination)
    {
        var x = Gpu(input);
        var count = x.Rows * x.Cols;
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, count);
        EnsureCurrent();
        Device.Synchronize();
        fixed (float* p = destination)
        {
            Check(cuMemcpyDtoH(p, x.Pointer, (nuint)((long)count * sizeof(float))), nameof(cuMemcpyDtoH));
        }
    }

    public void Dispose()
    {
        Device.MakeCurrent();
        Device.Synchronize();
        EndWeightLoad();
        foreach (var buffer in _inverseFrequencies.Values)
        {
            buffer.Dispose();
        }

        _inverseFrequencies.Clear();
        _rows?.Dispose();
        _quant.Dispose();
        _attention.Dispose();
        _step.Dispose();
        _gemm.Dispose();
        _module.Dispose();
        Device.Dispose();
    }
}
