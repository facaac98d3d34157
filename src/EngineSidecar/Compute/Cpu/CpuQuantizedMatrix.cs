using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Compute.Cpu;

/// <summary>
/// A quantized linear weight on the CPU: the host <see cref="QuantizedTensor"/> itself, dequantized row by row as the
/// matmul reads it (see <see cref="CpuQuantizedKernels"/>).
/// </summary>
public sealed class CpuQuantizedMatrix(QuantizedTensor tensor) : WeightMatrix(tensor.Name, tensor.Rows, tensor.Cols, WeightDtype.F32)
{
    public QuantizedTensor Tensor { get; } = tensor;

    public override long Bytes => Tensor.Bytes;

    public override QuantizedKind? Quantization => Tensor.Kind;

    /// <summary>
    /// Row <paramref name="row"/> into <paramref name="destination"/> [Cols]: fp8 → the e4m3 values (unscaled), int8 → the
    /// int8 values (unscaled), int4 → (q − z) · s per group (columns in the tensor's internal order).
    /// </summary>
    public void ReadRow(int row, Span<float> destination)
    {
        var k = Cols;
        switch (Tensor.Kind)
        {
            case QuantizedKind.Fp8:
                {
                    var codes = Tensor.Data.AsSpan(row * k, k);
                    for (var c = 0; c < k; c++)
                    {
                        destination[c] = Fp8E4M3.Decode(codes[c]);
                    }

                    break;
                }

            case QuantizedKind.Int8:
                {
                    var codes = Tensor.Data.AsSpan(row * k, k);
                    for (var c = 0; c < k; c++)
                    {
                        destination[c] = (sbyte)codes[c];
                    }

                    break;
                }

            default:
                {
                    var groups = Tensor.Groups;
                    var codes = Tensor.Data.AsSpan((int)((long)row * k / 2), k / 2);
                    for (var g = 0; g < groups; g++)
                    {
                        var scale = Tensor.Scales[(row * groups) + g];
                        float zero = Tensor.Zeros![(row * groups) + g];
                        for (var c = g * QuantizedTensor.GroupSize; c < (g + 1) * QuantizedTensor.GroupSize; c++)
                        {
                            var q = (codes[c >> 1] >> (4 * (c & 1))) & 0xF;
                            destination[c] = (q - zero) * scale;
                        }
                    }

                    break;
                }
        }
    }
}
