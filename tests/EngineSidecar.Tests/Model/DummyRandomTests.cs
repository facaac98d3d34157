using System.Runtime.InteropServices;
using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Compute.Cuda;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Tests.Model;

/// <summary>
/// The dummy-weight generator pinned to values computed independently (a Python SplitMix64 with exact rational fp32
/// rounding), so the CPU twin and the GPU kernel (checked against this twin by selftest-cuda) cannot drift.
/// </summary>
public sealed class DummyRandomTests
{
    private const string Embedding = "model.embed_tokens.weight";

    [Fact]
    public void Stream_key_and_words_match_the_reference()
    {
        DummyRandom.Fnv1a(Embedding).Should().Be(0xa88fd795d5c6d156UL);
        var key = DummyRandom.StreamKey(0, Embedding);

        key.Should().Be(0xfcdda326e57a698aUL);
        DummyRandom.Bits(key, 0).Should().Be(0x4fb4e0425d2066efUL);
        DummyRandom.Bits(key, 1).Should().Be(0xd66c6e8d40d5bc90UL);
        DummyRandom.Bits(key, 1_000_003).Should().Be(0x647abb1109e679b5UL);
    }

    [Theory]
    [InlineData(0, 0xbc274b1fu, 0xbc27)]
    [InlineData(1, 0x3c95b0a3u, 0x3c96)]
    [InlineData(12345, 0xbc9b4eaau, 0xbc9b)]
    public void Matrix_values_match_the_reference(long index, uint fp32Bits, int bf16Bits)
    {
        using var source = new DummyWeightSource("dummy://llama-3-8b", DummyPresets.Get("dummy://llama-3-8b"), seed: 0);
        var fill = source.Describe(Embedding, [128256, 4096]).Fill;

        BitConverter.SingleToUInt32Bits(fill.Amplitude).Should().Be(0x3cddb3d7u);
        BitConverter.SingleToUInt32Bits(DummyRandom.Value(fill, index)).Should().Be(fp32Bits);
        Bf16.FromSingle(DummyRandom.Value(fill, index)).Should().Be((ushort)bf16Bits);
    }

    [Theory]
    [InlineData(0, 0x3f864225u)]
    [InlineData(5, 0x3f86d072u)]
    public void Norm_values_are_one_plus_a_tenth_and_match_the_reference(long index, uint fp32Bits)
    {
        using var source = new DummyWeightSource("dummy://tiny", DummyPresets.Get("dummy://tiny"), seed: 7);
        var fill = source.Describe("model.norm.weight", [128]).Fill;

        (fill.Offset, fill.Amplitude).Should().Be((1f, 0.1f));
        BitConverter.SingleToUInt32Bits(DummyRandom.Value(fill, index)).Should().Be(fp32Bits);
    }

    [Fact]
    public void Bytes_are_the_little_endian_words_of_the_stream()
    {
        var key = DummyRandom.StreamKey(0, Embedding);
        var bytes = new byte[11];
        DummyRandom.FillBytes(key, bytes);

        bytes.Should().Equal(239, 102, 32, 93, 66, 224, 180, 79, 144, 188, 213);
        Enumerable.Range(0, 11).Select(i => DummyRandom.Byte(key, i)).Should().Equal(bytes);
    }

    [Theory]
    [InlineData(WeightDtype.F32)]
    [InlineData(WeightDtype.BF16)]
    [InlineData(WeightDtype.F16)]
    public void Fill_writes_every_element_as_value_of_its_index_in_the_dtype(WeightDtype dtype)
    {
        const int count = (1 << 16) * 3 + 17; // several parallel tasks and a ragged end
        var fill = new DummyFill(DummyRandom.StreamKey(3, "w"), 0.5f, 0.25f);
        var bytes = new byte[count * dtype.SizeBytes()];
        var handle = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        try
        {
            DummyRandom.Fill(fill, count, dtype, handle.AddrOfPinnedObject());
        }
        finally
        {
            handle.Free();
        }

        foreach (var i in Enumerable.Range(0, count).Where(i => i % 997 == 0).Append(count - 1))
        {
            var value = DummyRandom.Value(fill, i);
            switch (dtype)
            {
                case WeightDtype.F32:
                    MemoryMarshal.Cast<byte, float>(bytes)[i].Should().Be(value);
                    break;
                case WeightDtype.F16:
                    MemoryMarshal.Cast<byte, Half>(bytes)[i].Should().Be((Half)value);
                    break;
                default:
                    MemoryMarshal.Cast<byte, ushort>(bytes)[i].Should().Be(Bf16.FromSingle(value));
                    break;
            }
        }
    }

    [Fact]
    public void Values_are_uniform_in_offset_plus_minus_amplitude()
    {
        var fill = new DummyFill(DummyRandom.StreamKey(1, "x"), 1f, 0.1f);
        var values = Enumerable.Range(0, 100_000).Select(i => DummyRandom.Value(fill, i)).ToArray();

        values.Should().OnlyContain(v => v >= 0.9f && v < 1.1f);
        values.Average().Should().BeApproximately(1f, 1e-3f);
        values.Count(v => v < 0.95f).Should().BeInRange(23_500, 26_500);
    }

    [Fact]
    public void Cpu_backend_generates_the_bits_the_source_materialises_and_holds_no_source_copy()
    {
        var config = DummyPresets.Get("dummy://tiny");
        using var source = new DummyWeightSource("dummy://tiny", config, seed: 5, WeightDtype.BF16);
        using var backend = new CpuBackend(new CpuRunnerOptions { WeightConversion = CpuWeightConversion.OnTheFly });
        const string name = "model.layers.1.mlp.down_proj.weight";
        long[] shape = [128, 384];

        using var generated = (CpuWeightMatrix)backend.GenerateWeight(source.Describe(name, shape));
        var view = source.Get(name, shape);

        generated.HoldsCopy.Should().BeTrue();
        generated.Dtype.Should().Be(WeightDtype.BF16);
        Bits(generated.Data, 128 * 384).Should().Equal(Bits(view.Data, 128 * 384));
    }

    private static short[] Bits(nint data, int count)
    {
        var values = new short[count];
        Marshal.Copy(data, values, 0, count);
        return values;
    }

    [Theory]
    [InlineData(QuantizedKind.Int8)]
    [InlineData(QuantizedKind.Fp8)]
    [InlineData(QuantizedKind.Int4)]
    public void Quantized_codes_are_the_tensor_byte_stream_with_no_fp8_nan(QuantizedKind kind)
    {
        const string name = "model.layers.0.mlp.down_proj.weight";
        var tensor = DummyQuantizedWeights.Generate(name, kind, 16, 1024, seed: 9, "dummy://test");
        var expected = new byte[tensor.Data.Length];
        DummyRandom.FillBytes(DummyRandom.StreamKey(9, name), expected);
        if (kind == QuantizedKind.Fp8)
        {
            expected = expected.Select(b => (b & 0x7F) == 0x7F ? (byte)(b & 0xFE) : b).ToArray();
        }

        tensor.Data.Should().Equal(expected);
        tensor.Data.Should().NotContain(b => kind == QuantizedKind.Fp8 && (b & 0x7F) == 0x7F);
        tensor.Data.Length.Should().Be(kind == QuantizedKind.Int4 ? 16 * 1024 / 2 : 16 * 1024);
    }

    [Theory]
    [InlineData(QuantizedKind.Int8)]
    [InlineData(QuantizedKind.Fp8)]
    [InlineData(QuantizedKind.Int4)]
    public void Stacked_generated_tensors_materialise_as_the_stack_of_their_parts(QuantizedKind kind)
    {
        string[] names = ["q", "k", "v"];
        int[] rows = [32, 8, 8];
        var described = names.Select((n, i) => DummyQuantizedWeights.Describe(n, kind, rows[i], 256, 4, "dummy://test")).ToList();

        var stacked = DummyQuantizedWeights.Materialize(GeneratedQuantizedTensor.Stack("qkv", described));
        var expected = QuantizedTensor.Stack("qkv", names.Select((n, i) => DummyQuantizedWeights.Generate(n, kind, rows[i], 256, 4, "dummy://test")).ToList());

        stacked.Data.Should().Equal(expected.Data);
        stacked.Scales.Should().Equal(expected.Scales).And.OnlyContain(s => s == GeneratedQuantizedTensor.Stack("qkv", described).Scale);
        (stacked.Zeros ?? []).Should().Equal(expected.Zeros ?? []);
        GeneratedQuantizedTensor.Stack("qkv", described).Bytes.Should().Be(expected.Bytes);
    }

    [Fact]
    public void Describe_refuses_unknown_tensors_and_wrong_shapes()
    {
        using var source = new DummyWeightSource("dummy://tiny", DummyPresets.Get("dummy://tiny"), seed: 0);

        source.Invoking(s => s.Describe("nope", [1])).Should().Throw<Sluice.Engine.Model.ModelLoadException>().WithMessage("*'nope' is missing*");
        source.Invoking(s => s.Describe("model.norm.weight", [64])).Should().Throw<Sluice.Engine.Model.ModelLoadException>().WithMessage("*expected [64]*");
    }
}
