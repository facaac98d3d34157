using Sluice.Engine.Compute.Cuda;
using Sluice.Engine.Compute.Cuda.Runtime;

namespace Sluice.Engine.Tests.Cuda;

public sealed class Bf16Tests
{
    [Theory]
    [InlineData(1.0f, 0x3F80)]
    [InlineData(-2.0f, 0xC000)]
    [InlineData(1.00390625f, 0x3F80)]
    [InlineData(1.01171875f, 0x3F82)]
    [InlineData(1.0078125f, 0x3F81)]
    [InlineData(float.PositiveInfinity, 0x7F80)]
    public void Rounds_to_nearest_even(float value, int expectedBits) =>
        Bf16.FromSingle(value).Should().Be((ushort)expectedBits);

    [Fact]
    public void Nan_stays_nan() => float.IsNaN(Bf16.Round(float.NaN)).Should().BeTrue();

    [Fact]
    public void Rounding_error_is_at_most_half_an_ulp_of_an_8_bit_significand()
    {
        var rng = new Random(3);
        for (var i = 0; i < 10_000; i++)
        {
            var x = (float)((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-20, 20)));
            Math.Abs(Bf16.Round(x) - x).Should().BeLessThanOrEqualTo(Math.Abs(x) * MathF.Pow(2, -8));
        }
    }

    [Fact]
    public void Kernel_program_defines_every_kernel_the_backend_launches()
    {
        var program = KernelSources.Program();
        string[] kernels = ["embedding_gather", "gather_rows", "cast_bf16", "rms_norm", "add_rms_norm", "add_bias", "rope", "write_kv",
            "silu_and_mul", "attention_combine", "sample_tokens", "fill_dummy", "fill_dummy_codes", "convert_to_bf16"];

        foreach (var kernel in kernels)
        {
            program.Should().Contain($"void {kernel}(");
        }

        foreach (var (group, headDim) in new[] { (1, 16), (4, 128), (8, 128), (8, 256), (16, 128), (2, 64) })
        {
            var name = CudaAttention.KernelName(group, headDim);
            program.Should().Contain($"PAGED_ATTENTION({name["paged_attention_g".Length..].Replace("_d", ", ", StringComparison.Ordinal)})");
        }

        foreach (var headDim in new[] { 64, 128 })
        {
            program.Should().Contain($"PREFILL_ATTENTION({CudaAttention.PrefillKernelName(headDim)!["prefill_attention_d".Length..]})");
        }

        foreach (var (variant, _) in CudaAttention.Variants)
        {
            var config = variant["attention_variant_w".Length..].Replace("_u", ", ", StringComparison.Ordinal).Replace("_p", ", ", StringComparison.Ordinal)
                .Replace("_r", ", ", StringComparison.Ordinal).Replace("_m", ", ", StringComparison.Ordinal);
            program.Should().Contain($"ATTENTION_VARIANT({config})");
        }
    }
}
