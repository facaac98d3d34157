using Sluice.Engine.Compute.Cuda.Native;
using static Sluice.Engine.Compute.Cuda.Native.CublasLt;

namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>
/// bf16 GEMMs with fp32 accumulation through cuBLASLt: y[t, n] = Σ_k x[t, k] · w[n, k] for row-major bf16 x [T, K],
/// bf16 w [N, K] and y [T, ldy] (bf16 or fp32). In cuBLASLt's column-major terms this is D[N, T] = Wᵀ · X with A = w (transposed),
/// B = x. The algorithm of each shape (and pointer alignment) is chosen once and cached: while
/// <see cref="TimeNewShapes"/> is set (the decode-graph warm-up), the heuristic's first <see cref="TimedCandidates"/>
/// proposals are timed on the stream and the fastest kept; otherwise (prefill, whose token counts vary step to step, or
/// a stream being captured into a graph) the heuristic's first pick is taken.
/// </summary>
public sealed unsafe class CublasLtMatmul : IDisposable
{
    /// <summary>Workspace cuBLASLt may use (32 MiB, enough for Hopper's split-K and stream-K kernels).</summary>
    public const long WorkspaceBytes = 32L << 20;

    /// <summary>Heuristic proposals timed per shape.</summary>
    public const int TimedCandidates = 8;

    private const int TimedRepetitions = 3;

    private readonly Dictionary<PlanKey, Plan> _plans = [];
    private readonly DeviceBuffer _workspace;
    private nint _handle;

    public CublasLtMatmul()
    {
        Check(cublasLtCreate(out _handle), nameof(cublasLtCreate));
        _workspace = new DeviceBuffer(WorkspaceBytes);
    }

    /// <summary>Whether shapes seen for the first time get their algorithm by timing the heuristic's proposals.</summary>
    public bool TimeNewShapes { get; set; }

    /// <summary>Shapes planned so far.</summary>
    public int PlanCount => _plans.Count;

    /// <summary>
    /// Queues y = x · wᵀ on <paramref name="stream"/>. x: bf16 [tokens, k] (ld k); w: bf16 [n, k] (ld k); y: [tokens, ldy]
    /// starting at device address <paramref name="y"/>, fp32 when <paramref name="fp32Output"/>, else bf16.
    /// </summary>
    public void Run(ulong x, ulong w, ulong y, int tokens, int n, int k, int ldy, nint stream, bool fp32Output = false) =>
        Run(new PlanKey(n, tokens, k, ldy, Alignment(w), Alignment(x), Alignment(y), fp32Output, Fp8: false), x, w, y, stream);

    /// <summary>
    /// Queues y = x · wᵀ on fp8 tensor cores: x e4m3 [tokens, k], w e4m3 [n, k], y fp32 [tokens, ldy] (unit scales: the
    /// caller applies the activation and weight scales), with cuBLASLt's fp8 fast accumulation. Throws <see cref="CudaException"/> when cuBLASLt has no fp8 kernel
    /// for the shape (k must be a multiple of 16).
    /// </summary>
    public void RunFp8(ulong x, ulong w, ulong y, int tokens, int n, int k, int ldy, nint stream) =>
        Run(new PlanKey(n, tokens, k, ldy, Alignment(w), Alignment(x), Alignment(y), Fp32Output: true, Fp8: true), x, w, y, stream);

    private void Run(PlanKey key, ulong x, ulong w, ulong y, nint stream)
    {
        var (n, tokens, k) = (key.N, key.Tokens, key.K);
        if (!_plans.TryGetValue(key, out var plan))
        {
            plan = CreatePlan(key, new Operands(x, w, y, stream));
            _plans[key] = plan;
        }

        Check(Launch(plan, plan.Algo, new Operands(x, w, y, stream)), $"cublasLtMatmul(n={n}, tokens={tokens}, k={k})");
    }

    public void Dispose()
    {
        foreach (var plan in _plans.Values)
        {
            _ = cublasLtMatrixLayoutDestroy(plan.A);
            _ = cublasLtMatrixLayoutDestroy(plan.B);
            _ = cublasLtMatrixLayoutDestroy(plan.D);
            _ = cublasLtMatmulDescDestroy(plan.Desc);
        }

        _plans.Clear();
        _workspace.Dispose();
        if (_handle != 0)
        {
            _ = cublasLtDestroy(_handle);
            _handle = 0;
        }
    }

    private static uint Alignment(ulong pointer) => (uint)Math.Min(256UL, pointer & (~pointer + 1));

    private int Launch(Plan plan, byte[] algorithm, Operands o)
    {
        float alpha = 1f, beta = 0f;
        fixed (byte* algo = algorithm)
        {
            return cublasLtMatmul(_handle, plan.Desc, &alpha, o.W, plan.A, o.X, plan.B, &beta, o.Y, plan.D, o.Y, plan.D, algo,
                _workspace.Pointer, (nuint)WorkspaceBytes, o.Stream);
        }
    }

    /// <summary>The fastest of <paramref name="candidates"/> on the real operands (it writes y, which the caller overwrites next); candidates that fail to launch are skipped.</summary>
    private byte[] Fastest(Plan plan, List<byte[]> candidates, Operands o)
    {
        using var timer = new EventTimer();
        var best = candidates[0];
        var bestMs = float.MaxValue;
        foreach (var candidate in candidates)
        {
            if (Launch(plan, candidate, o) != 0)
            {
                continue;
            }

            var ms = timer.Time(o.Stream, () =>
            {
                for (var i = 0; i < TimedRepetitions; i++)
                {
                    Check(Launch(plan, candidate, o), nameof(cublasLtMatmul));
                }
            });
            if (ms < bestMs)
            {
                (best, bestMs) = (candidate, ms);
            }
        }

        return best;
    }

    private static bool IsCapturing(nint stream)
    {
        CudaDriver.Check(CudaDriver.cuStreamIsCapturing(stream, out var status), nameof(CudaDriver.cuStreamIsCapturing));
        return status != 0;
    }

    private Plan CreatePlan(PlanKey key, Operands operands)
    {
        Check(cublasLtMatmulDescCreate(out var desc, Compute32F, DataFloat32), nameof(cublasLtMatmulDescCreate));
        var transpose = OpTranspose;
        Check(cublasLtMatmulDescSetAttribute(desc, DescTransA, &transpose, sizeof(int)), nameof(cublasLtMatmulDescSetAttribute));
        var operandType = key.Fp8 ? DataFloat8E4M3 : DataBFloat16;
        if (key.Fp8)
        {
            sbyte fast = 1;
            Check(cublasLtMatmulDescSetAttribute(desc, DescFastAccumulation, &fast, sizeof(sbyte)), nameof(cublasLtMatmulDescSetAttribute));
        }

        Check(cublasLtMatrixLayoutCreate(out var a, operandType, (ulong)key.K, (ulong)key.N, key.K), nameof(cublasLtMatrixLayoutCreate));
        Check(cublasLtMatrixLayoutCreate(out var b, operandType, (ulong)key.K, (ulong)key.Tokens, key.K), nameof(cublasLtMatrixLayoutCreate));
        Check(cublasLtMatrixLayoutCreate(out var d, key.Fp32Output ? DataFloat32 : DataBFloat16, (ulong)key.N, (ulong)key.Tokens, key.Ldy), nameof(cublasLtMatrixLayoutCreate));
        Check(cublasLtMatmulPreferenceCreate(out var preference), nameof(cublasLtMatmulPreferenceCreate));
        try
        {
            var workspace = (ulong)WorkspaceBytes;
            Check(cublasLtMatmulPreferenceSetAttribute(preference, PreferenceMaxWorkspaceBytes, &workspace, sizeof(ulong)), nameof(cublasLtMatmulPreferenceSetAttribute));
            uint alignA = key.AlignW, alignB = key.AlignX, alignD = key.AlignY;
            Check(cublasLtMatmulPreferenceSetAttribute(preference, PreferenceMinAlignmentA, &alignA, sizeof(uint)), nameof(cublasLtMatmulPreferenceSetAttribute));
            Check(cublasLtMatmulPreferenceSetAttribute(preference, PreferenceMinAlignmentB, &alignB, sizeof(uint)), nameof(cublasLtMatmulPreferenceSetAttribute));
            Check(cublasLtMatmulPreferenceSetAttribute(preference, PreferenceMinAlignmentC, &alignD, sizeof(uint)), nameof(cublasLtMatmulPreferenceSetAttribute));
            Check(cublasLtMatmulPreferenceSetAttribute(preference, PreferenceMinAlignmentD, &alignD, sizeof(uint)), nameof(cublasLtMatmulPreferenceSetAttribute));
            var timed = TimeNewShapes && !IsCapturing(operands.Stream);
            var wanted = timed ? TimedCandidates : 1;
            var results = stackalloc byte[HeuristicResultBytes * TimedCandidates];
            Check(cublasLtMatmulAlgoGetHeuristic(_handle, desc, a, b, d, d, preference, wanted, results, out var count), nameof(cublasLtMatmulAlgoGetHeuristic));
            if (count < 1)
            {
                throw new CudaException($"cublasLtMatmulAlgoGetHeuristic found no algorithm for n={key.N}, tokens={key.Tokens}, k={key.K}, ldy={key.Ldy}");
            }

            var candidates = Enumerable.Range(0, count).Select(i => new ReadOnlySpan<byte>(results + (i * HeuristicResultBytes), AlgoBytes).ToArray()).ToList();
            var plan = new Plan(desc, a, b, d, candidates[0]);
            return count == 1 ? plan : plan with { Algo = Fastest(plan, candidates, operands) };
        }
        finally
        {
            _ = cublasLtMatmulPreferenceDestroy(preference);
        }
    }

    private readonly record struct PlanKey(int N, int Tokens, int K, int Ldy, uint AlignW, uint AlignX, uint AlignY, bool Fp32Output, bool Fp8);

    private const int AlgoBytes = 64;

    private readonly record struct Operands(ulong X, ulong W, ulong Y, nint Stream);

    private sealed record Plan(nint Desc, nint A, nint B, nint D, byte[] Algo);
}
