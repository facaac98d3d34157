using Sluice.Engine.Model;
using Sluice.Engine.Model.Config;

namespace Sluice.Engine.Tests.Model;

/// <summary>config.json in transformers 4 and 5 layouts for every supported family.</summary>
public sealed class ModelConfigParserTests
{
    private const string Base = "\"hidden_size\": 64, \"intermediate_size\": 128, \"num_hidden_layers\": 2, \"num_attention_heads\": 4, "
        + "\"num_key_value_heads\": 2, \"vocab_size\": 100, \"max_position_embeddings\": 512, \"rms_norm_eps\": 1e-6";

    public static TheoryData<string, string, ModelFamily, int[], bool, RopeScalingType, double> Configs => new()
    {
        // architecture, extra JSON, family, sliding windows, qkv bias, rope scaling, rotary fraction
        { "LlamaForCausalLM", "\"rope_theta\": 500000.0, \"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0, \"low_freq_factor\": 1.0, \"high_freq_factor\": 4.0, \"original_max_position_embeddings\": 8192}",
            ModelFamily.Llama, [0, 0], false, RopeScalingType.Llama3, 1.0 },
        { "LlamaForCausalLM", "\"rope_parameters\": {\"rope_type\": \"linear\", \"rope_theta\": 10000.0, \"factor\": 2.0}",
            ModelFamily.Llama, [0, 0], false, RopeScalingType.Linear, 1.0 },
        { "Qwen2ForCausalLM", "\"sliding_window\": 4096, \"use_sliding_window\": false, \"rope_theta\": 1000000.0",
            ModelFamily.Qwen2, [0, 0], true, RopeScalingType.Default, 1.0 },
        { "Qwen2ForCausalLM", "\"sliding_window\": 64, \"use_sliding_window\": true, \"max_window_layers\": 1",
            ModelFamily.Qwen2, [0, 64], true, RopeScalingType.Default, 1.0 },
        { "MistralForCausalLM", "\"sliding_window\": 4096, \"rope_theta\": 10000.0",
            ModelFamily.Mistral, [4096, 4096], false, RopeScalingType.Default, 1.0 },
        { "MistralForCausalLM", "\"sliding_window\": null",
            ModelFamily.Mistral, [0, 0], false, RopeScalingType.Default, 1.0 },
        { "Phi3ForCausalLM", "\"sliding_window\": 2047, \"rope_scaling\": null, \"partial_rotary_factor\": 0.75",
            ModelFamily.Phi3, [2047, 2047], false, RopeScalingType.Default, 0.75 },
        { "Phi3ForCausalLM", "\"rope_parameters\": {\"rope_type\": \"default\", \"rope_theta\": 10000.0, \"partial_rotary_factor\": 0.5}",
            ModelFamily.Phi3, [0, 0], false, RopeScalingType.Default, 0.5 },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Parses_family_specific_settings(string architecture, string extra, ModelFamily family, int[] windows, bool qkvBias,
        RopeScalingType scaling, double rotaryFraction)
    {
        var json = $"{{\"architectures\": [\"{architecture}\"], {Base}, {extra}}}";

        var config = ModelConfigParser.Parse(json, null, "config.json");

        config.Family.Should().Be(family);
        config.SlidingWindowPerLayer.Should().Equal(windows);
        config.QkvBias.Should().Be(qkvBias);
        config.Rope.Scaling.Should().Be(scaling);
        config.Rope.PartialRotaryFactor.Should().Be(rotaryFraction);
        config.HeadDim.Should().Be(16);
        config.KvDim.Should().Be(32);
        config.FusedQkv.Should().Be(family == ModelFamily.Phi3);
    }

    [Fact]
    public void Generation_config_eos_list_wins_over_config()
    {
        var json = $"{{\"architectures\": [\"LlamaForCausalLM\"], {Base}, \"bos_token_id\": 1, \"eos_token_id\": 2}}";

        var config = ModelConfigParser.Parse(json, "{\"bos_token_id\": 128000, \"eos_token_id\": [128001, 128009]}", "config.json");

        config.BosTokenId.Should().Be(128000);
        config.EosTokenIds.Should().Equal(128001, 128009);
    }

    [Fact]
    public void Llama3_scaling_keeps_high_frequencies_and_divides_low_ones()
    {
        var rope = new RopeConfig(500000, Scaling: RopeScalingType.Llama3, Factor: 8, LowFreqFactor: 1, HighFreqFactor: 4, OriginalMaxPositions: 8192);
        var plain = new RopeConfig(500000).InverseFrequencies(128);

        var scaled = rope.InverseFrequencies(128);

        scaled[0].Should().Be(plain[0]);
        scaled[^1].Should().BeApproximately(plain[^1] / 8, plain[^1] * 1e-6f);
        scaled[40].Should().BeInRange(plain[40] / 8, plain[40]);
    }

    [Theory]
    [InlineData("{\"architectures\": [\"LlamaForCausalLM\"], \"hidden_size\": 64}", "missing integer 'num_attention_heads'")]
    [InlineData("{\"architectures\": [\"LlamaForCausalLM\"], " + Base + ", \"num_key_value_heads\": 3}", "not a multiple of num_key_value_heads 3")]
    [InlineData("{\"architectures\": [\"LlamaForCausalLM\"], " + Base + ", \"hidden_act\": \"gelu\"}", "hidden_act 'gelu' is not supported")]
    [InlineData("{\"architectures\": [\"LlamaForCausalLM\"], " + Base + ", \"mlp_bias\": true}", "mlp_bias=true is not supported")]
    [InlineData("{\"architectures\": []}", "unsupported architecture ''")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{not json", "invalid JSON")]
    public void Bad_config_fails_with_a_clear_message(string json, string fragment)
    {
        var parse = () => ModelConfigParser.Parse(json, null, "/models/x/config.json");

        parse.Should().Throw<ModelLoadException>().WithMessage($"/models/x/config.json: *{fragment}*");
    }
}
