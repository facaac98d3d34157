using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Cuda;

/// <summary>Host conversions between fp32/fp16 and bf16 bits (round to nearest even), matching the kernels' rounding.</summary>
public static class Bf16
{
    /// <summary>bf16 bits of <paramref name="value"/>; NaN stays NaN.</summary>
    public static ushort FromSingle(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu) != 0)
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        bits += 0x7fffu + ((bits >> 16) & 1u);
        return (ushort)(bits >> 16);
    }

    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary>The value bf16 storage would hold for <paramref name="value"/>.</summary>
    public static float Round(float value) => ToSingle(FromSingle(value));

    /// <summary>destination[i] = bf16 of source element i, source being <paramref name="dtype"/> elements at <paramref name="source"/>.</summary>
    public static unsafe void Convert(WeightDtype dtype, byte* source, Span<ushort> destination)
    {
        switch (dtype)
        {
            case WeightDtype.BF16:
                new ReadOnlySpan<ushort>(source, destination.Length).CopyTo(destination);
                break;
            case WeightDtype.F16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = FromSingle((float)((Half*)source)[i]);
                }

                break;
            default:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = FromSingle(((float*)source)[i]);
                }

                break;
        }
    }
}
