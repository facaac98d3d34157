using System.Text.Json;
using Sluice.Engine.Model;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Tests.Model.Quantization;

public sealed class CheckpointQuantizationParserTests
{
    [Theory]
    [InlineData("""{"quant_method":"awq","bits":4,"group_size":128,"version":"gemm","zero_point":true}""", QuantizationMode.Int4Awq)]
    [InlineData("""{"quant_method":"awq","w_bit":4,"q_group_size":128,"version":"GEMM"}""", QuantizationMode.Int4Awq)]
    [InlineData("""{"quant_method":"gptq","bits":4,"group_size":128,"desc_act":true}""", QuantizationMode.Int4Gptq)]
    [InlineData("""{"quant_method":"compressed-tensors","format":"float-quantized","config_groups":{"g":{"targets":["Linear"],"weights":{"num_bits":8,"type":"float","strategy":"channel"},"input_activations":{"num_bits":8,"type":"float","strategy":"token","dynamic":true}}},"ignore":["lm_head"]}""", QuantizationMode.Fp8)]
    [InlineData("""{"quant_method":"compressed-tensors","format":"pack-quantized","config_groups":{"g":{"targets":["Linear"],"weights":{"num_bits":8,"type":"int","strategy":"channel","symmetric":true},"input_activations":null}}}""", QuantizationMode.Int8)]
    public void Accepted_formats_are_recognised(string json, QuantizationMode mode)
    {
        Parse(json).Mode.Should().Be(mode);
    }

    [Fact]
    public void Gptq_v1_zero_points_and_static_fp8_inputs_are_read()
    {
        Parse("""{"quant_method":"gptq","bits":4,"group_size":128}""").ZerosMinusOne.Should().BeTrue();
        Parse("""{"quant_method":"gptq","bits":4,"group_size":128,"checkpoint_format":"gptq_v2"}""").ZerosMinusOne.Should().BeFalse();
        var fp8 = Parse("""{"quant_method":"compressed-tensors","config_groups":{"g":{"weights":{"num_bits":8,"type":"float","strategy":"tensor"},"input_activations":{"num_bits":8,"type":"float","strategy":"tensor","dynamic":false}}},"ignore":["lm_head","re:.*mlp.down_proj$"]}""");
        fp8.StaticInputScale.Should().BeTrue();
        fp8.IsIgnored("model.layers.3.mlp.down_proj").Should().BeTrue();
        fp8.IsIgnored("model.layers.3.mlp.up_proj").Should().BeFalse();
    }

    [Fact]
    public void A_static_fp8_kv_cache_scheme_means_per_layer_kv_scales()
    {
        const string Fp8 = """{"quant_method":"compressed-tensors","config_groups":{"g":{"weights":{"num_bits":8,"type":"float","strategy":"channel"},"input_activations":{"num_bits":8,"type":"float","strategy":"token","dynamic":true}}}""";
        Parse(Fp8 + ""","kv_cache_scheme":{"num_bits":8,"type":"float","strategy":"tensor","dynamic":false,"symmetric":true}}""").KvCacheScales.Should().BeTrue();
        Parse(Fp8 + ""","kv_cache_scheme":null}""").KvCacheScales.Should().BeFalse();
        Parse(Fp8 + "}").KvCacheScales.Should().BeFalse();
    }

    [Theory]
    [InlineData("""{"quant_method":"bitsandbytes","load_in_4bit":true}""", "unknown quant_method 'bitsandbytes'")]
    [InlineData("""{"quant_method":"awq","bits":4,"group_size":64}""", "group size 64")]
    [InlineData("""{"quant_method":"gptq","bits":4,"group_size":-1}""", "group size -1")]
    [InlineData("""{"quant_method":"gptq","bits":8,"group_size":128}""", "8 bits")]
    [InlineData("""{"quant_method":"awq","bits":4,"group_size":128,"version":"gemv"}""", "version 'gemv'")]
    [InlineData("""{"quant_method":"compressed-tensors","config_groups":{"g":{"weights":{"num_bits":4,"type":"int","strategy":"group","group_size":128}}}}""", "int4 use an AWQ or GPTQ export")]
    [InlineData("""{"quant_method":"compressed-tensors","config_groups":{"g":{"weights":{"num_bits":8,"type":"float","strategy":"channel"}}}}""", "fp8 weight-only")]
    [InlineData("""{"bits":4}""", "no quant_method")]
    [InlineData("""{"quant_method":"compressed-tensors","config_groups":{"g":{"weights":{"num_bits":8,"type":"float","strategy":"channel"},"input_activations":{"num_bits":8,"type":"float","strategy":"token","dynamic":true}}},"kv_cache_scheme":{"num_bits":8,"type":"float","strategy":"tensor","dynamic":true}}""", "kv_cache_scheme")]
    [InlineData("""{"quant_method":"compressed-tensors","config_groups":{"g":{"weights":{"num_bits":8,"type":"float","strategy":"channel"},"input_activations":{"num_bits":8,"type":"float","strategy":"token","dynamic":true}}},"kv_cache_scheme":{"num_bits":8,"type":"int","strategy":"tensor"}}""", "kv_cache_scheme")]
    [InlineData("""{"quant_method":"gptq","bits":4,"group_size":128,"kv_cache_scheme":{"num_bits":8,"type":"float","strategy":"tensor"}}""", "kv_cache_scheme is read only from compressed-tensors")]
    public void Unsupported_formats_are_refused_with_the_reason(string json, string message)
    {
        var act = () => Parse(json);

        act.Should().Throw<ModelLoadException>().WithMessage($"*{message}*");
    }

    private static CheckpointQuantization Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return CheckpointQuantizationParser.Parse(doc.RootElement, "config.json");
    }
}
