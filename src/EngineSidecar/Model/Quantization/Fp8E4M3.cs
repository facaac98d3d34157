namespace Sluice.Engine.Model.Quantization;

/// <summary>
/// OCP fp8 e4m3 ("e4m3fn": bias 7, no infinities, 0x7F/0xFF are NaN, largest finite ±448). Encoding rounds to
/// nearest even and saturates at ±448; the CUDA kernels (quant.cu, <c>f2e4m3</c>/<c>e4m32f</c>) implement the same
/// bit-exact rule, so both backends quantize identically.
/// </summary>
public static class Fp8E4M3
{
    /// <summary>Largest finite magnitude.</summary>
    public const float MaxValue = 448f;

    private static readonly float[] Table = BuildTable();

    /// <summary>The value of code <paramref name="code"/>.</summary>
    public static float Decode(byte code) => Table[code];

    /// <summary>The code nearest to <paramref name="value"/> (ties to even), saturating at ±448; NaN → 0x7F.</summary>
    public static byte Encode(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        var sign = (byte)((bits >> 24) & 0x80);
        var magnitude = bits & 0x7FFFFFFF;
        if (magnitude > 0x7F800000)
        {
            return (byte)(sign | 0x7F);
        }

        var a = BitConverter.UInt32BitsToSingle(magnitude);
        if (a >= MaxValue)
        {
            return (byte)(sign | 0x7E);
        }

        if (a < 0.015625f)
        {
            // Subnormal range (below 2^-6): multiples of 2^-9; 8 · 2^-9 is the smallest normal, code 0x08.
            return (byte)(sign | (int)MathF.Round(a * 512f, MidpointRounding.ToEven));
        }

        var exponent = (int)((magnitude >> 23) & 0xFF) - 127;
        var mantissa = magnitude & 0x7FFFFF;
        var rounded = mantissa >> 20;
        var rest = mantissa & 0xFFFFF;
        if (rest > 0x80000 || (rest == 0x80000 && (rounded & 1) != 0))
        {
            rounded++;
        }

        if (rounded == 8)
        {
            rounded = 0;
            exponent++;
        }

        return (byte)(sign | ((exponent + 7) << 3) | (int)rounded);
    }

    /// <summary>e4m3 round trip of <paramref name="value"/> · (1 / <paramref name="scale"/>), times <paramref name="scale"/>: what an fp8 KV cache slot reads back.</summary>
    public static float Quantize(float value, float scale) => Decode(Encode(value * (1f / scale))) * scale;

    private static float[] BuildTable()
    {
        var table = new float[256];
        for (var code = 0; code < 256; code++)
        {
            int e = (code >> 3) & 0xF, m = code & 7;
            float v = e == 0 ? m * (1f / 512f) : (1f + (m / 8f)) * MathF.ScaleB(1f, e - 7);
            if (e == 15 && m == 7)
            {
                v = float.NaN;
            }

            table[code] = (code & 0x80) != 0 ? -v : v;
        }

        return table;
    }
}
