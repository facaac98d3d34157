using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>
/// Which quant.cu / quant_gemm.cu kernel computes a quantized matmul of a given shape, and how it is launched:
/// up to <see cref="GemvMaxRows"/> token rows the register-dequantizing GEMV (compiled for 1, 2 and 4 rows); int8/int4
/// up to <see cref="TensorCoreMaxRows"/> rows (one tile of tokens) the tile-dequantizing tensor-core GEMM, with K split
/// across CTAs when the output tiles alone would not fill the GPU; above that a bf16 copy of the weight in scratch and the
/// bf16 GEMM. The bounds are where each path was measured fastest on an H200 (bench-cuda --quant-kernels): the GEMV's
/// time grows with the rows, the GEMM's doubles with each 64-token tile.
/// </summary>
public static class QuantMatMulPlan
{
    /// <summary>Token rows up to which the GEMV kernels run.</summary>
    public const int GemvMaxRows = 4;

    /// <summary>Token rows up to which int8/int4 run the tensor-core GEMM of quant_gemm.cu.</summary>
    public const int TensorCoreMaxRows = 64;

    /// <summary>Output rows per GEMV CTA (quant.cu's QG_ROWS).</summary>
    public const int GemvRowsPerBlock = 4;

    /// <summary>Threads per GEMV CTA (quant.cu's QG_THREADS).</summary>
    public const int GemvThreads = 128;

    /// <summary>Output tile (tokens × weight rows) and threads of a GEMM CTA (quant_gemm.cu's QM_BM, QM_BN, QM_THREADS).</summary>
    public const int TileRows = 64;

    /// <inheritdoc cref="TileRows"/>
    public const int TileCols = 64;

    /// <inheritdoc cref="TileRows"/>
    public const int GemmThreads = 128;

    /// <summary>Most K splits of one GEMM.</summary>
    public const int MaxSplits = 8;

    /// <summary>The GEMV kernel compiled for <paramref name="tokens"/> (1…4) rows: the next of 1, 2, 4.</summary>
    public static string GemvKernel(QuantizedKind kind, int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tokens, GemvMaxRows);
        var rows = tokens switch { 1 => 1, 2 => 2, _ => 4 };
        return (kind == QuantizedKind.Int4 ? "qgemv_int4_m" : "qgemv_8bit_m") + rows;
    }

    /// <summary>
    /// Whether the tensor-core GEMM takes this shape: more than <see cref="GemvMaxRows"/> and at most
    /// <paramref name="maxRows"/> tokens, int8 with K % 64 == 0 or int4 (whose K is a multiple of 128).
    /// </summary>
    public static bool UsesTensorCoreGemm(QuantizedKind kind, int tokens, int k, int maxRows = TensorCoreMaxRows) =>
        tokens > GemvMaxRows && tokens <= maxRows && kind switch
        {
            QuantizedKind.Int4 => true,
            QuantizedKind.Int8 => k % 64 == 0,
            _ => false,
        };

    /// <summary>
    /// K splits and the columns of each (a multiple of 128, or of 64 when K is not a multiple of 128): enough splits that
    /// the CTAs number at least twice the multiprocessors, each split at least 512 columns, at most <see cref="MaxSplits"/>.
    /// </summary>
    public static (int Splits, int ColumnsPerSplit) Splits(int n, int tokens, int k, int multiprocessors)
    {
        var unit = k % 128 == 0 ? 128 : 64;
        var tiles = ((n + TileCols - 1) / TileCols) * ((tokens + TileRows - 1) / TileRows);
        var wanted = Math.Clamp(((2 * multiprocessors) + tiles - 1) / tiles, 1, MaxSplits);
        var units = k / unit;
        var splits = Math.Clamp(Math.Min(wanted, Math.Max(1, k / 512)), 1, units);
        var perSplit = ((units + splits - 1) / splits) * unit;
        return ((k + perSplit - 1) / perSplit, perSplit);
    }
}
