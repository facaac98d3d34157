using Sluice.Engine.Compute;
using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Model.Dummy;
using Sluice.Engine.Model.Quantization;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Tests.Model.Quantization;

public sealed class OnlineAndDummyQuantizationTests
{
    [Theory]
    [InlineData(QuantizationMode.Fp8, "fp8", 0.1)] // measured 0.070: per-token e4m3 activations keep 3 mantissa bits
    [InlineData(QuantizationMode.Int8, "int8", 0.02)]
    public void Online_quantization_of_the_demo_model_stays_close_to_its_bf16_logits(QuantizationMode mode, string reported, double tolerance)
    {
        var dir = DemoDirectory();
        int[] ids = [0, 1136, 263, 2102, 391, 3332]; // "In the beginning God created" (models/demo/reference.json)
        using var plain = CpuModelRunner.Load(dir);
        using var quantized = CpuModelRunner.Load(dir, new CpuRunnerOptions { Quantization = mode });

        quantized.Info.Quantization.Should().Be(reported);
        quantized.Info.WeightBytes.Should().BeLessThan(plain.Info.WeightBytes);
        var expected = Logits(plain, ids);
        var actual = Logits(quantized, ids);
        ModelFixtures.RelativeError(actual, expected).Should().BeLessThan(tolerance).And.BeGreaterThan(0);
    }

    [Theory]
    [InlineData(QuantizationMode.Fp8, "fp8")]
    [InlineData(QuantizationMode.Int8, "int8")]
    [InlineData(QuantizationMode.Int4Awq, "int4-awq")]
    [InlineData(QuantizationMode.Int4Gptq, "int4-gptq")]
    public void Dummy_presets_build_weights_in_the_quantized_format(QuantizationMode mode, string reported)
    {
        using var bf16 = CpuModelRunner.Load("dummy://tiny", new CpuRunnerOptions { MaxDummyFp32Bytes = 0 });
        using var runner = CpuModelRunner.Load("dummy://tiny", new CpuRunnerOptions { Quantization = mode });

        runner.Info.Quantization.Should().Be(reported);
        runner.Info.WeightBytes.Should().BeLessThan(bf16.Info.WeightBytes);
        var logits = Logits(runner, [256, 5, 6, 7]);
        logits.Should().OnlyContain(v => float.IsFinite(v));
        Logits(runner, [256, 5, 6, 7]).Should().Equal(logits, "dummy weights are deterministic");
    }

    [Fact]
    public void Released_dummy_tensors_are_freed_and_regenerated_identically()
    {
        var config = DummyPresets.Get("dummy://tiny");
        using var source = new DummyWeightSource("dummy://tiny", config, seed: 3, WeightDtype.BF16);
        var name = WeightNames.Layer(0, "mlp.down_proj.weight");
        var shape = WeightLayout.For(config)[name].Shape;
        var first = source.Get(name, shape);
        var copy = Bytes(first);

        source.Release(name);
        var again = source.Get(name, shape);

        Bytes(again).Should().Equal(copy);
    }

    [Fact]
    public void Static_fp8_input_scales_quantize_activations_with_that_scale()
    {
        float[] x = [0.5f, -3f, 1000f];
        var values = new float[3];
        var scales = new float[1];

        CpuQuantizedKernels.QuantizeFp8Rows(x, 1, 3, staticScale: 0.5f, values, scales);

        scales[0].Should().Be(0.5f);
        values.Should().Equal(1f, -6f, 448f);
        CpuQuantizedKernels.QuantizeFp8Rows(x, 1, 3, staticScale: null, values, scales);
        scales[0].Should().Be(1000f / 448f);
        values[2].Should().Be(448f);
    }

    [Fact]
    public void Act_order_tensors_with_different_permutations_are_not_stacked()
    {
        var a = Tensor([1, 0, .. Enumerable.Range(2, 126)]);
        var b = Tensor([.. Enumerable.Range(0, 128)]);

        QuantizedTensor.CanStack([a, a]).Should().BeTrue();
        QuantizedTensor.CanStack([a, b]).Should().BeFalse();
        var stacked = QuantizedTensor.Stack("qkv", [a, a]);
        stacked.Rows.Should().Be(16);
        stacked.Data.Should().Equal([.. a.Data, .. a.Data]);
    }

    private static QuantizedTensor Tensor(int[] permutation) => new()
    {
        Name = "w",
        Kind = QuantizedKind.Int4,
        Rows = 8,
        Cols = 128,
        Data = Enumerable.Range(0, 512).Select(i => (byte)i).ToArray(),
        Scales = Enumerable.Repeat(0.1f, 8).ToArray(),
        Zeros = Enumerable.Repeat((byte)8, 8).ToArray(),
        Permutation = permutation,
    };

    private static string DemoDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "demo");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"models/demo not found above {AppContext.BaseDirectory}");
    }

    private static byte[] Bytes(TensorView view)
    {
        var bytes = new byte[view.ByteLength];
        System.Runtime.InteropServices.Marshal.Copy(view.Data, bytes, 0, bytes.Length);
        return bytes;
    }

    private static float[] Logits(TransformerRunner runner, int[] ids)
    {
        runner.AllocateKvCache(numBlocks: 8, blockSize: 16);
        return runner.Forward([new ScheduledChunk(1, ids, 0, [0, 1, 2, 3], true)]);
    }
}
