namespace Sluice.Engine.Model.Weights;

/// <summary>
/// A tensor's bytes as stored, of any safetensors dtype (quantized checkpoints hold I32, I8, F8_E4M3, F16, I64 tensors).
/// Valid until its <see cref="IWeightSource"/> is disposed. <see cref="ByteLength"/> has been checked against
/// <see cref="Dtype"/> and <see cref="Shape"/>.
/// </summary>
/// <param name="Dtype">The safetensors dtype name, e.g. "I32".</param>
public sealed record RawTensor(string Name, string Dtype, long[] Shape, nint Data, long ByteLength, string File)
{
    /// <summary>Number of elements (product of <see cref="Shape"/>; 1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Bytes per element of a safetensors dtype name; 0 when unknown.</summary>
    public static int ElementBytes(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "F8_E4M3" or "F8_E5M2" or "BOOL" => 1,
        _ => 0,
    };

    /// <summary>The shape as text, e.g. "[4096, 512]".</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
