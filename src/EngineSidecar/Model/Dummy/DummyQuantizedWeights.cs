using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Model.Dummy;

/// <summary>
/// Random linear weights of a dummy preset generated directly in the internal quantized layout (no bf16 copy is made),
/// deterministically from (seed, tensor name): codes are the tensor's <see cref="DummyRandom"/> byte stream, uniform over
/// their range (fp8: every finite e4m3 code), zero point 8 for int4, scales chosen so that weights have a magnitude of about 1/√inFeatures like the bf16 dummy weights.
/// </summary>
public static class DummyQuantizedWeights
{
    /// <summary>
    /// The tensor <paramref name="name"/> [n, k] as <paramref name="kind"/>, generated on the host: one tensor's codes at a
    /// time (the caller releases it once the backend has copied it).
    /// </summary>
    public static QuantizedTensor Generate(string name, QuantizedKind kind, int n, int k, ulong seed, string description)
    {
        if (kind == QuantizedKind.Int4 && (k % QuantizedTensor.GroupSize != 0 || n % 8 != 0))
        {
            throw new ModelLoadException($"{description}: tensor '{name}' [{n}, {k}] cannot be int4 (in features must be a multiple of {QuantizedTensor.GroupSize})");
        }

        var bytes = kind == QuantizedKind.Int4 ? (long)n * k / 2 : (long)n * k;
        var data = new byte[bytes];
        DummyRandom.FillBytes(DummyRandom.StreamKey(seed, name), data);
        if (kind == QuantizedKind.Fp8)
        {
            // 0x7F and 0xFF are e4m3's NaN codes: they become 0x7E and 0xFE (±448).
            const int chunk = 1 << 20;
            Parallel.For(0, (int)((bytes + chunk - 1) / chunk), c =>
            {
                foreach (ref var b in data.AsSpan(c * chunk, (int)Math.Min(chunk, bytes - ((long)c * chunk))))
                {
                    if ((b & 0x7F) == 0x7F)
                    {
                        b = (byte)(b & 0xFE);
                    }
                }
            });
        }

        var magnitude = MathF.Sqrt(3f / k);
        var (scaleCount, scale) = kind switch
        {
            QuantizedKind.Int4 => ((long)n * (k / QuantizedTensor.GroupSize), magnitude / 8f),
            QuantizedKind.Int8 => (n, magnitude / 128f),
            _ => ((long)n, magnitude / 64f),
        };
        return new QuantizedTensor
        {
            Name = name,
            Kind = kind,
            Rows = n,
            Cols = k,
            Data = data,
            Scales = Enumerable.Repeat(scale, (int)scaleCount).ToArray(),
            Zeros = kind == QuantizedKind.Int4 ? Enumerable.Repeat((byte)8, (int)scaleCount).ToArray() : null,
        }.Validated();
    }
}
