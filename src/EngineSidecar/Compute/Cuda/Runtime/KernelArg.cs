namespace Sluice.Engine.Compute.Cuda.Runtime;

/// <summary>Packs kernel parameters into the 8-byte slots <see cref="CudaModule.Launch"/> takes.</summary>
public static class KernelArg
{
    public static ulong Int(int value) => (uint)value;

    public static ulong Float(float value) => BitConverter.SingleToUInt32Bits(value);

    public static ulong Pointer(ulong devicePointer) => devicePointer;

    public static ulong UInt64(ulong value) => value;

    public static ulong Int64(long value) => (ulong)value;
}
