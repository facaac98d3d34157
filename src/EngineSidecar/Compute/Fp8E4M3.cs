namespace Sluice.Engine.Compute;

/// <summary>
/// The fp8 e4m3 format (OCP "E4M3FN", NVIDIA's __nv_fp8_e4m3): 1 sign, 4 exponent (bias 7) and 3 mantissa bits, no
/// infinities, NaN = S.1111.111, largest finite ±448, subnormals m · 2^-9. The CUDA kernels' e4m3_from_f32 /
/// e4m3_to_f32 (kv_fp8.cuh) are the same algorithm, bit for bit.
/// </summary>
public static class Fp8E4M3
{
    /// <summary>Largest finite magnitude.</summary>
    public const float MaxFinite = 448f;

    private static readonly float[] Table = BuildTable();

    /// <summary>The value of <paramref name="bits"/> (NaN for S.1111.111).</summary>
    public static float Decode(byte bits) => Table[bits];

    /// <summary>Round to nearest, ties to even, saturating to ±448 (satfinite); NaN stays NaN.</summary>
    public static byte Encode(float value)
    {
        var sign = (BitConverter.SingleToUInt32Bits(value) >> 24) & 0x80u;
        var a = MathF.Abs(value);
        if (float.IsNaN(a))
        {
            return (byte)(sign | 0x7Fu);
        }

        if (a >= MaxFinite)
        {
            return (byte)(sign | 0x7Eu);
        }

        if (a < 0.015625f)
        {
            // Subnormal (or zero): m · 2^-9 with m = round(a · 2^9); m = 8 is the smallest normal, code 0x08.
            return (byte)(sign | (uint)MathF.Round(a * 512f, MidpointRounding.ToEven));
        }

        var bits = BitConverter.SingleToUInt32Bits(a);
        var exponent = (int)(bits >> 23) - 127;
        uint keep = (bits & 0x7FFFFFu) >> 20, rest = bits & 0xFFFFFu;
        if (rest > 0x80000u || (rest == 0x80000u && (keep & 1u) != 0))
        {
            keep++;   // may carry into the exponent, which is the right next value
        }

        var code = Math.Min(((uint)(exponent + 7) << 3) + keep, 0x7Eu);
        return (byte)(sign | code);
    }

    /// <summary>e4m3 round trip of <paramref name="value"/> · (1 / <paramref name="scale"/>), times <paramref name="scale"/>: what a cache slot reads back.</summary>
    public static float Quantize(float value, float scale) => Decode(Encode(value * (1f / scale))) * scale;

    private static float[] BuildTable()
    {
        var table = new float[256];
        for (var b = 0; b < 256; b++)
        {
            int exponent = (b >> 3) & 0xF, mantissa = b & 7;
            var magnitude = exponent == 0
                ? mantissa * (1f / 512f)
                : exponent == 15 && mantissa == 7 ? float.NaN : (1f + (mantissa / 8f)) * MathF.ScaleB(1f, exponent - 7);
            table[b] = (b & 0x80) != 0 ? -magnitude : magnitude;
        }

        return table;
    }
}
