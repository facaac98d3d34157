using Sluice.Engine.Compute.Cuda.Native;
using static Sluice.Engine.Compute.Cuda.Native.CublasLt;

namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>
/// bf16 GEMMs with fp32 accumulation through cuBLASLt: y[t, n] = Σ_k x[t, k] · w[n, k] for row-major bf16 x [T, K],
/// bf16 w [N, K] and y [T, ldy] (bf16 or fp32). In cuBLASLt's column-major terms this is D[N, T] = Wᵀ · X with A = w (transposed),
/// B = x. The algorithm of each shape (and pointer alignment) is chosen once by the heuristic and cached.
/// </summary>
public sealed unsafe class CublasLtMatmul : IDisposable
{
    /// <summary>Workspace cuBLASLt may use (32 MiB, enough for Hopper's split-K and stream-K kernels).</summary>
    public const long WorkspaceBytes = 32L << 20;

    private readonly Dictionary<PlanKey, Plan> _plans = [];
    private readonly DeviceBuffer _workspace;
    private nint _handle;

    public CublasLtMatmul()
    {
        Check(cublasLtCreate(out _handle), nameof(cublasLtCreate));
        _workspace = new DeviceBuffer(WorkspaceBytes);
    }

    /// <summary>Shapes planned so far.</summary>
    public int PlanCount => _plans.Count;

    /// <summary>
    /// Queues y = x · wᵀ on <paramref name="stream"/>. x: bf16 [tokens, k] (ld k); w: bf16 [n, k] (ld k); y: [tokens, ldy]
    /// starting at device address <paramref name="y"/>, fp32 when <paramref name="fp32Output"/>, else bf16.
    /// </summary>
    public void Run(ulong x, ulong w, ulong y, int tokens, int n, int k, int ldy, nint stream, bool fp32Output = false)
    {
        var key = new PlanKey(n, tokens, k, ldy, Alignment(w), Alignment(x), Alignment(y), fp32Output);
        if (!_plans.TryGetValue(key, out var plan))
        {
            plan = CreatePlan(key);
            _plans[key] = plan;
        }

        float alpha = 1f, beta = 0f;
        fixed (byte* algo = plan.Algo)
        {
            Check(cublasLtMatmul(_handle, plan.Desc, &alpha, w, plan.A, x, plan.B, &beta, y, plan.D, y, plan.D, algo,
                _workspace.Pointer, (nuint)WorkspaceBytes, stream), $"cublasLtMatmul(n={n}, tokens={tokens}, k={k})");
        }
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

    private Plan CreatePlan(PlanKey key)
    {
        Check(cublasLtMatmulDescCreate(out var desc, Compute32F, DataFloat32), nameof(cublasLtMatmulDescCreate));
        var transpose = OpTranspose;
        Check(cublasLtMatmulDescSetAttribute(desc, DescTransA, &transpose, sizeof(int)), nameof(cublasLtMatmulDescSetAttribute));
        Check(cublasLtMatrixLayoutCreate(out var a, DataBFloat16, (ulong)key.K, (ulong)key.N, key.K), nameof(cublasLtMatrixLayoutCreate));
        Check(cublasLtMatrixLayoutCreate(out var b, DataBFloat16, (ulong)key.K, (ulong)key.Tokens, key.K), nameof(cublasLtMatrixLayoutCreate));
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
            var results = stackalloc byte[HeuristicResultBytes];
            Check(cublasLtMatmulAlgoGetHeuristic(_handle, desc, a, b, d, d, preference, 1, results, out var count), nameof(cublasLtMatmulAlgoGetHeuristic));
            if (count < 1)
            {
                throw new CudaException($"cublasLtMatmulAlgoGetHeuristic found no algorithm for n={key.N}, tokens={key.Tokens}, k={key.K}, ldy={key.Ldy}");
            }

            return new Plan(desc, a, b, d, new ReadOnlySpan<byte>(results, 64).ToArray());
        }
        finally
        {
            _ = cublasLtMatmulPreferenceDestroy(preference);
        }
    }

    private readonly record struct PlanKey(int N, int Tokens, int K, int Ldy, uint AlignW, uint AlignX, uint AlignY, bool Fp32Output);

    private sealed record Plan(nint Desc, nint A, nint B, nint D, byte[] Algo);
}
