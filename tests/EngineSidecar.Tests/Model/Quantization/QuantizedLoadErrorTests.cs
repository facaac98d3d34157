using Sluice.Engine.Compute.Cpu;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Quantization;
using static Sluice.Engine.Tests.Model.Quantization.SafetensorsRewriter;

namespace Sluice.Engine.Tests.Model.Quantization;

/// <summary>Bad quantized checkpoints fail at load with a <see cref="ModelLoadException"/> naming the tensor or formats.</summary>
public sealed class QuantizedLoadErrorTests
{
    private const string QProj = "model.layers.0.self_attn.q_proj";

    [Fact]
    public void A_scale_of_the_wrong_shape_names_the_tensor()
    {
        var dir = CopyWith("quant-awq", ts => ts.Select(t => t.Name == QProj + ".scales" ? t with { Shape = [t.Shape[0], t.Shape[1] / 2], Data = t.Data[..(t.Data.Length / 2)] } : t));

        Load(dir).Should().Throw<ModelLoadException>().WithMessage($"*'{QProj}.scales'*");
    }

    [Fact]
    public void A_packed_weight_of_the_wrong_dtype_names_the_tensor()
    {
        var dir = CopyWith("quant-gptq", ts => ts.Select(t => t.Name == QProj + ".qweight" ? t with { Dtype = "F32" } : t));

        Load(dir).Should().Throw<ModelLoadException>().WithMessage($"*'{QProj}.qweight' has dtype F32*");
    }

    [Fact]
    public void A_missing_zero_point_tensor_names_it()
    {
        var dir = CopyWith("quant-awq", ts => ts.Where(t => t.Name != QProj + ".qzeros"));

        Load(dir).Should().Throw<ModelLoadException>().WithMessage($"*'{QProj}.qzeros' is missing*");
    }

    [Fact]
    public void A_g_idx_outside_the_groups_names_the_tensor()
    {
        var dir = CopyWith("quant-gptq", ts => ts.Select(t => t.Name == QProj + ".g_idx" ? t with { Data = BitConverter.GetBytes(99).Concat(t.Data[4..]).ToArray() } : t));

        Load(dir).Should().Throw<ModelLoadException>().WithMessage($"*'{QProj}.g_idx'*g_idx[0] = 99*");
    }

    [Fact]
    public void Unequal_act_order_groups_are_refused()
    {
        // Column 0 moved from its group into group 0 of another column: one group gets 129 columns.
        var dir = CopyWith("quant-gptq", ts => ts.Select(t =>
        {
            if (t.Name != QProj + ".g_idx")
            {
                return t;
            }

            var g = Enumerable.Range(0, t.Data.Length / 4).Select(i => BitConverter.ToInt32(t.Data, i * 4)).ToArray();
            var other = Array.FindIndex(g, x => x != g[0]);
            g[other] = g[0];
            return t with { Data = g.SelectMany(BitConverter.GetBytes).ToArray() };
        }));

        Load(dir).Should().Throw<ModelLoadException>().WithMessage("*exactly 128 columns*");
    }

    [Fact]
    public void A_negative_fp8_weight_scale_names_the_tensor()
    {
        var dir = CopyWith("quant-fp8", ts => ts.Select(t => t.Name == QProj + ".weight_scale" ? t with { Data = [.. t.Data[..1], (byte)(t.Data[1] | 0x80), .. t.Data[2..]] } : t));

        Load(dir).Should().Throw<ModelLoadException>().WithMessage($"*'{QProj}.weight_scale'*");
    }

    [Fact]
    public void A_weight_shape_that_disagrees_with_the_config_names_the_tensor()
    {
        var dir = CopyWith("quant-int8", ts => ts.Select(t => t.Name == QProj + ".weight_shape" ? t with { Data = BitConverter.GetBytes(384L).Concat(BitConverter.GetBytes(256L)).ToArray() } : t));

        Load(dir).Should().Throw<ModelLoadException>().WithMessage($"*'{QProj}.weight_shape' says [384, 256]*");
    }

    [Fact]
    public void A_truncated_file_is_refused()
    {
        var dir = ModelFixtures.CopyToTemp("quant-awq");
        var path = Path.Combine(dir, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 1000)]);

        Load(dir).Should().Throw<ModelLoadException>().WithMessage("*tensor '*outside the*data bytes*");
    }

    [Fact]
    public void An_unsupported_group_size_is_refused()
    {
        var dir = ModelFixtures.CopyToTemp("quant-awq");
        EditConfig(dir, "\"group_size\": 128", "\"group_size\": 32");

        Load(dir).Should().Throw<ModelLoadException>().WithMessage("*group size 32 is not supported*");
    }

    [Fact]
    public void An_unknown_quant_method_is_refused()
    {
        var dir = ModelFixtures.CopyToTemp("quant-awq");
        EditConfig(dir, "\"quant_method\": \"awq\"", "\"quant_method\": \"hqq\"");

        Load(dir).Should().Throw<ModelLoadException>().WithMessage("*unknown quant_method 'hqq'*");
    }

    [Fact]
    public void A_flag_contradicting_the_checkpoint_names_both_formats()
    {
        var act = Load(ModelFixtures.Directory("quant-gptq"), QuantizationMode.Int4Awq);

        act.Should().Throw<ModelLoadException>().WithMessage("*--quantization int4-awq contradicts the checkpoint, which is int4-gptq (gptq)*");
    }

    [Fact]
    public void Online_quantization_of_a_non_finite_weight_names_the_tensor()
    {
        // qwen2 fixture: bf16 weights; the first element of layer 0's q_proj becomes NaN (0x7FC0).
        var dir = CopyWith("qwen2", ts => ts.Select(t => t.Name == QProj + ".weight" ? t with { Data = [0xC0, 0x7F, .. t.Data[2..]] } : t));

        Load(dir, QuantizationMode.Fp8).Should().Throw<ModelLoadException>().WithMessage($"*'{QProj}.weight' row 0 holds a non-finite value*");
    }

    private static Action Load(string dir, QuantizationMode mode = QuantizationMode.Auto) =>
        () => CpuModelRunner.Load(dir, new CpuRunnerOptions { Quantization = mode }).Dispose();
}
