using Sluice.Engine.Model;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Tests.Model.Quantization;

public sealed class QuantizationResolverTests
{
    private static readonly CheckpointQuantization Awq = new() { Mode = QuantizationMode.Int4Awq, Method = "awq" };

    [Theory]
    [InlineData(QuantizationMode.Auto, QuantizationMode.None)]
    [InlineData(QuantizationMode.None, QuantizationMode.None)]
    [InlineData(QuantizationMode.Fp8, QuantizationMode.Fp8)]
    [InlineData(QuantizationMode.Int8, QuantizationMode.Int8)]
    public void A_plain_checkpoint_is_served_as_is_or_quantized_online(QuantizationMode requested, QuantizationMode resolved)
    {
        QuantizationResolver.Resolve(requested, CheckpointQuantization.None, dummy: false, "m").Should().Be(resolved);
    }

    [Theory]
    [InlineData(QuantizationMode.Int4Awq)]
    [InlineData(QuantizationMode.Int4Gptq)]
    public void Int4_on_a_plain_checkpoint_asks_for_an_export(QuantizationMode requested)
    {
        var act = () => QuantizationResolver.Resolve(requested, CheckpointQuantization.None, dummy: false, "m");

        act.Should().Throw<ModelLoadException>().WithMessage("*needs a checkpoint exported in that format*");
    }

    [Theory]
    [InlineData(QuantizationMode.Auto)]
    [InlineData(QuantizationMode.Int4Awq)]
    public void A_quantized_checkpoint_is_served_in_its_format(QuantizationMode requested)
    {
        QuantizationResolver.Resolve(requested, Awq, dummy: false, "m").Should().Be(QuantizationMode.Int4Awq);
    }

    [Theory]
    [InlineData(QuantizationMode.None)]
    [InlineData(QuantizationMode.Fp8)]
    [InlineData(QuantizationMode.Int4Gptq)]
    public void A_flag_contradicting_the_checkpoint_names_both_formats(QuantizationMode requested)
    {
        var act = () => QuantizationResolver.Resolve(requested, Awq, dummy: false, "m");

        act.Should().Throw<ModelLoadException>().WithMessage($"*--quantization {requested.WireName()}*int4-awq (awq)*");
    }

    [Fact]
    public void Dummy_presets_take_any_quantization_and_default_to_none()
    {
        QuantizationResolver.Resolve(QuantizationMode.Auto, CheckpointQuantization.None, dummy: true, "dummy://tiny").Should().Be(QuantizationMode.None);
        QuantizationResolver.Resolve(QuantizationMode.Int4Gptq, CheckpointQuantization.None, dummy: true, "dummy://tiny").Should().Be(QuantizationMode.Int4Gptq);
    }
}
