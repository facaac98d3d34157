using Sluice.Engine.Compute.Cuda;

namespace Sluice.Engine.Tests.Cuda;

public sealed class CudaAttentionPlanTests
{
    [Theory]
    [InlineData(1, 16, "paged_attention_g1_d1")]
    [InlineData(1, 96, "paged_attention_g1_d4")]
    [InlineData(4, 128, "paged_attention_g4_d4")]
    [InlineData(7, 128, "paged_attention_g8_d4")]
    [InlineData(8, 256, "paged_attention_g8_d8")]
    [InlineData(16, 64, "paged_attention_g16_d2")]
    public void Picks_the_smallest_variant_covering_the_shape(int group, int headDim, string expected) =>
        CudaAttention.KernelName(group, headDim).Should().Be(expected);

    [Theory]
    [InlineData(64, "prefill_attention_d64")]
    [InlineData(128, "prefill_attention_d128")]
    [InlineData(96, null)]
    [InlineData(256, null)]
    public void Prefills_on_tensor_cores_for_head_dims_64_and_128(int headDim, string? expected) =>
        CudaAttention.PrefillKernelName(headDim).Should().Be(expected);

    [Theory]
    [InlineData(17, 64)]
    [InlineData(4, 257)]
    [InlineData(16, 256)]
    [InlineData(0, 64)]
    public void Rejects_shapes_no_variant_covers(int group, int headDim)
    {
        var act = () => CudaAttention.KernelName(group, headDim);

        act.Should().Throw<ArgumentException>().WithMessage("*paged attention supports*");
    }

    [Theory]
    [InlineData(1, 8, 1000, 132, 16)]
    [InlineData(1, 8, 8192, 132, 33)]
    [InlineData(1, 1, 100000, 132, 64)]
    [InlineData(256, 8, 100, 132, 1)]
    [InlineData(1, 8, 10, 132, 1)]
    [InlineData(4, 8, 4096, 132, 9)]
    public void Splits_until_two_waves_or_64_positions_per_split(int tokens, int kvHeads, int context, int sms, int expected) =>
        CudaAttention.Splits(tokens, kvHeads, context, sms).Should().Be(expected);
}
