using System.Runtime.InteropServices;

namespace Sluice.Engine.Compute.Cuda.Native;

/// <summary>
/// Bindings to cuBLASLt (libcublasLt.so.13, falling back to .so.12). Calls go through <see cref="Check"/>,
/// which names the call and cuBLAS's status string.
/// </summary>
public static unsafe partial class CublasLt
{
    /// <summary>cudaDataType_t CUDA_R_32F.</summary>
    public const int DataFloat32 = 0;

    /// <summary>cudaDataType_t CUDA_R_16BF.</summary>
    public const int DataBFloat16 = 14;

    /// <summary>cudaDataType_t CUDA_R_8F_E4M3.</summary>
    public const int DataFloat8E4M3 = 28;

    /// <summary>cublasComputeType_t CUBLAS_COMPUTE_32F.</summary>
    public const int Compute32F = 68;

    /// <summary>cublasLtMatmulDescAttributes_t CUBLASLT_MATMUL_DESC_TRANSA.</summary>
    public const int DescTransA = 3;

    /// <summary>cublasLtMatmulDescAttributes_t CUBLASLT_MATMUL_DESC_TRANSB.</summary>
    public const int DescTransB = 4;

    /// <summary>cublasLtMatmulDescAttributes_t CUBLASLT_MATMUL_DESC_FAST_ACCUM (int8; fp8 accumulation without periodic promotion).</summary>
    public const int DescFastAccumulation = 25;

    /// <summary>cublasOperation_t CUBLAS_OP_T.</summary>
    public const int OpTranspose = 1;

    /// <summary>cublasLtMatmulPreferenceAttributes_t CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES.</summary>
    public const int PreferenceMaxWorkspaceBytes = 1;

    /// <summary>CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES (uint32; default 256).</summary>
    public const int PreferenceMinAlignmentA = 5;

    /// <summary>CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES.</summary>
    public const int PreferenceMinAlignmentB = 6;

    /// <summary>CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES.</summary>
    public const int PreferenceMinAlignmentC = 7;

    /// <summary>CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES.</summary>
    public const int PreferenceMinAlignmentD = 8;

    /// <summary>Bytes of cublasLtMatmulHeuristicResult_t: algo (64), workspaceSize (8), state (4), wavesCount (4), reserved (16).</summary>
    public const int HeuristicResultBytes = 96;

    static CublasLt() => NativeLibraries.EnsureRegistered();

    /// <summary>Throws when <paramref name="status"/> is not CUBLAS_STATUS_SUCCESS, naming <paramref name="call"/>.</summary>
    public static void Check(int status, string call)
    {
        if (status == 0)
        {
            return;
        }

        var text = Marshal.PtrToStringAnsi(cublasLtGetStatusString(status)) ?? "unknown status";
        throw new CudaException($"{call} failed: {text} ({status})") { Status = status };
    }

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial nint cublasLtGetStatusString(int status);

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial nuint cublasLtGetVersion();

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial int cublasLtCreate(out nint handle);

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial int cublasLtDestroy(nint handle);

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial int cublasLtMatmulDescCreate(out nint desc, int computeType, int scaleType);

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial int cublasLtMatmulDescDestroy(nint desc);

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial int cublasLtMatmulDescSetAttribute(nint desc, int attribute, void* value, nuint size);

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial int cublasLtMatrixLayoutCreate(out nint layout, int type, ulong rows, ulong cols, long leadingDimension);

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial int cublasLtMatrixLayoutDestroy(nint layout);

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial int cublasLtMatmulPreferenceCreate(out nint preference);

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial int cublasLtMatmulPreferenceDestroy(nint preference);

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial int cublasLtMatmulPreferenceSetAttribute(nint preference, int attribute, void* value, nuint size);

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial int cublasLtMatmulAlgoGetHeuristic(
        nint handle, nint operationDesc, nint aDesc, nint bDesc, nint cDesc, nint dDesc, nint preference,
        int requestedAlgoCount, byte* heuristicResults, out int returnAlgoCount);

    [LibraryImport(NativeLibraries.CublasLt)]
    internal static partial int cublasLtMatmul(
        nint handle, nint computeDesc, void* alpha, ulong a, nint aDesc, ulong b, nint bDesc, void* beta,
        ulong c, nint cDesc, ulong d, nint dDesc, void* algo, ulong workspace, nuint workspaceBytes, nint stream);
}
