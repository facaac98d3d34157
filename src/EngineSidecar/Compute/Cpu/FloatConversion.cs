using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Cpu;

/// <summary>Widening of bf16/fp16 elements to fp32.</summary>
public static class FloatConversion
{
    /// <summary>destination[i] = source[i] read as <paramref name="dtype"/>; source holds destination.Length elements.</summary>
    public static unsafe void ToSingle(WeightDtype dtype, void* source, Span<float> destination)
    {
        switch (dtype)
        {
            case WeightDtype.F32:
                new ReadOnlySpan<float>(source, destination.Length).CopyTo(destination);
                break;
            case WeightDtype.F16:
                TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(source, destination.Length), destination);
                break;
            default:
                BFloat16ToSingle(new ReadOnlySpan<ushort>(source, destination.Length), destination);
                break;
        }
    }

    /// <summary>bf16 bits → fp32 (the bits become the upper half of the float).</summary>
    public static void BFloat16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var src = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(source);
            ref var dst = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination);
            for (; i + 16 <= source.Length; i += 16)
            {
                var bits = Vector256.LoadUnsafe(ref src, (nuint)i);
                var (lower, upper) = Vector256.Widen(bits);
                Vector256.ShiftLeft(lower, 16).AsSingle().StoreUnsafe(ref dst, (nuint)i);
                Vector256.ShiftLeft(upper, 16).AsSingle().StoreUnsafe(ref dst, (nuint)(i + 8));
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = BitConverter.UInt32BitsToSingle((uint)source[i] << 16);
        }
    }
}
