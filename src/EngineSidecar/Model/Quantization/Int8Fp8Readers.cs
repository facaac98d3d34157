using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Model.Quantization;

/// <summary>
/// Reads compressed-tensors (llm-compressor) fp8 and int8 linear layers into <see cref="QuantizedTensor"/>s, and
/// quantizes bf16/fp16/fp32 weights online. On-disk formats, W [N = out, K = in]:
/// <list type="bullet">
/// <item>fp8 (float-quantized / naive-quantized): <c>weight</c> F8_E4M3 [N, K]; <c>weight_scale</c> [N, 1] (channel) or
/// [1] / scalar (tensor), F32/BF16/F16; optional <c>input_scale</c> [1] for static activations.</item>
/// <item>int8 pack-quantized: <c>weight_packed</c> I32 [N, K/4], value + 128 in byte lanes 0..3 (low first) of each word;
/// <c>weight_scale</c> [N, 1]; <c>weight_shape</c> I64/I32 [2] = [N, K].</item>
/// <item>int8 naive-quantized / int-quantized: <c>weight</c> I8 [N, K]; <c>weight_scale</c> [N, 1].</item>
/// </list>
/// </summary>
public static unsafe class Int8Fp8Readers
{
    /// <summary>An fp8 layer of a compressed-tensors checkpoint; <paramref name="staticInput"/> reads input_scale.</summary>
    public static QuantizedTensor ReadFp8(IWeightSource source, string prefix, int n, int k, bool staticInput)
    {
        var weight = RawTensors.Get(source, prefix + ".weight", ["F8_E4M3"], n, k);
        var scaleName = prefix + ".weight_scale";
        var stored = source.GetRaw(scaleName).ElementCount == 1 ? RawTensors.Floats(source, scaleName, 1) : RawTensors.Floats(source, scaleName, n);
        RawTensors.RequirePositive(stored, scaleName);
        var scales = stored.Length == 1 ? Enumerable.Repeat(stored[0], n).ToArray() : stored;
        float? inputScale = null;
        if (staticInput)
        {
            var input = RawTensors.Floats(source, prefix + ".input_scale", 1)[0];
            if (!float.IsFinite(input) || input <= 0)
            {
                throw new ModelLoadException($"tensor '{prefix}.input_scale' is {input} (must be finite and positive)");
            }

            inputScale = input;
        }

        var data = new ReadOnlySpan<byte>((void*)weight.Data, checked(n * k)).ToArray();
        return new QuantizedTensor { Name = prefix + ".weight", Kind = QuantizedKind.Fp8, Rows = n, Cols = k, Data = data, Scales = scales, InputScale = inputScale }.Validated();
    }

    /// <summary>An int8 W8A16 layer of a compressed-tensors checkpoint in <paramref name="format"/>.</summary>
    public static QuantizedTensor ReadInt8(IWeightSource source, string prefix, int n, int k, string format)
    {
        var scales = RawTensors.Floats(source, prefix + ".weight_scale", n);
        RawTensors.RequirePositive(scales, prefix + ".weight_scale");
        var data = new byte[(long)n * k];
        if (format == "pack-quantized")
        {
            if (k % 4 != 0)
            {
                throw new ModelLoadException($"tensor '{prefix}.weight_packed': in features {k} are not a multiple of 4");
            }

            var shapeTensor = RawTensors.Get(source, prefix + ".weight_shape", ["I64", "I32"], 2);
            long rows = shapeTensor.Dtype == "I64" ? ((long*)shapeTensor.Data)[0] : ((int*)shapeTensor.Data)[0];
            long cols = shapeTensor.Dtype == "I64" ? ((long*)shapeTensor.Data)[1] : ((int*)shapeTensor.Data)[1];
            if (rows != n || cols != k)
            {
                throw new ModelLoadException($"tensor '{prefix}.weight_shape' says [{rows}, {cols}], expected [{n}, {k}]");
            }

            var packed = RawTensors.Get(source, prefix + ".weight_packed", ["I32"], n, k / 4);
            var bytes = new ReadOnlySpan<byte>((void*)packed.Data, checked(n * k));
            for (var i = 0; i < bytes.Length; i++)
            {
                data[i] = (byte)(bytes[i] - 128);
            }
        }
        else
        {
            var weight = RawTensors.Get(source, prefix + ".weight", ["I8"], n, k);
            new ReadOnlySpan<byte>((void*)weight.Data, checked(n * k)).CopyTo(data);
        }

        return new QuantizedTensor { Name = prefix + ".weight", Kind = QuantizedKind.Int8, Rows = n, Cols = k, Data = data, Scales = scales }.Validated();
    }

    /// <summary>
    /// Online fp8: per row s = max|w| / 448 (1 for an all-zero row), codes e4m3(w / s). view: a bf16/fp16/fp32 matrix [N, K].
    /// </summary>
    public static QuantizedTensor QuantizeFp8(TensorView view) => Quantize(view, QuantizedKind.Fp8);

    /// <summary>Online int8: per row s = max|w| / 127 (1 for an all-zero row), codes clamp(round_even(w / s), −127, 127).</summary>
    public static QuantizedTensor QuantizeInt8(TensorView view) => Quantize(view, QuantizedKind.Int8);

    private static QuantizedTensor Quantize(TensorView view, QuantizedKind kind)
    {
        if (view.Shape.Length != 2)
        {
            throw new ModelLoadException($"{view.File}: tensor '{view.Name}' is not a matrix");
        }

        int n = (int)view.Shape[0], k = (int)view.Shape[1];
        var data = new byte[(long)n * k];
        var scales = new float[n];
        var max = kind == QuantizedKind.Fp8 ? Fp8E4M3.MaxValue : 127f;
        var badRow = -1;
        Parallel.For(0, n, () => new float[k], (row, _, values) =>
        {
            FloatConversion.ToSingle(view.Dtype, (byte*)view.Data + ((long)row * k * view.Dtype.SizeBytes()), values);
            var amax = System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values);
            var amaxAbs = MathF.Abs(amax);
            if (!float.IsFinite(amaxAbs))
            {
                Interlocked.CompareExchange(ref badRow, row, -1);
                return values;
            }

            var scale = amaxAbs > 0 ? amaxAbs / max : 1f;
            scales[row] = scale;
            var codes = data.AsSpan((int)((long)row * k), k);
            for (var c = 0; c < k; c++)
            {
                codes[c] = kind == QuantizedKind.Fp8
                    ? Fp8E4M3.Encode(values[c] / scale)
                    : (byte)(sbyte)Math.Clamp(MathF.Round(values[c] / scale, MidpointRounding.ToEven), -127f, 127f);
            }

            return values;
        }, _ => { });
        if (badRow >= 0)
        {
            throw new ModelLoadException($"{view.File}: tensor '{view.Name}' row {badRow} holds a non-finite value");
        }

        return new QuantizedTensor { Name = view.Name, Kind = kind, Rows = n, Cols = k, Data = data, Scales = scales }.Validated();
    }
}
