using Sluice.Engine.Compute.Cuda;
using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Tests.Cuda;

public sealed class QuantMatMulPlanTests
{
    [Theory]
    [InlineData(QuantizedKind.Int4, 1, "qgemv_int4_m1")]
    [InlineData(QuantizedKind.Int4, 2, "qgemv_int4_m2")]
    [InlineData(QuantizedKind.Int8, 3, "qgemv_8bit_m4")]
    [InlineData(QuantizedKind.Fp8, 4, "qgemv_8bit_m4")]
    public void Gemv_kernel_is_compiled_for_the_next_row_count(QuantizedKind kind, int tokens, string kernel) =>
        QuantMatMulPlan.GemvKernel(kind, tokens).Should().Be(kernel);

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Gemv_refuses_row_counts_it_has_no_kernel_for(int tokens) =>
        FluentActions.Invoking(() => QuantMatMulPlan.GemvKernel(QuantizedKind.Int4, tokens)).Should().Throw<ArgumentOutOfRangeException>();

    [Theory]
    [InlineData(QuantizedKind.Int4, 5, 4096, true)]
    [InlineData(QuantizedKind.Int4, 64, 4096, true)]
    [InlineData(QuantizedKind.Int4, 65, 4096, false)]
    [InlineData(QuantizedKind.Int4, 4, 4096, false)]
    [InlineData(QuantizedKind.Int8, 64, 4096, true)]
    [InlineData(QuantizedKind.Int8, 64, 100, false)]
    [InlineData(QuantizedKind.Fp8, 64, 4096, false)]
    public void Tensor_core_gemm_takes_decode_batches_of_int8_and_int4(QuantizedKind kind, int tokens, int k, bool expected) =>
        QuantMatMulPlan.UsesTensorCoreGemm(kind, tokens, k).Should().Be(expected);

    [Theory]
    // 8B down projection at 100 tokens: 64 × 2 tiles, so 3 splits reach 2 × 132 CTAs.
    [InlineData(4096, 100, 14336, 132, 3, 4864)]
    // 70B gate/up: enough tiles without splitting.
    [InlineData(57344, 100, 8192, 132, 1, 8192)]
    // Short K: at least 512 columns per split.
    [InlineData(256, 16, 1024, 132, 2, 512)]
    // K not a multiple of 128 (int8): splits in units of 64.
    [InlineData(64, 9, 576, 132, 1, 576)]
    [InlineData(64, 9, 1088, 132, 2, 576)]
    public void Splits_k_until_the_ctas_fill_the_gpu(int n, int tokens, int k, int sms, int splits, int columns)
    {
        var plan = QuantMatMulPlan.Splits(n, tokens, k, sms);

        plan.Should().Be((splits, columns));
        ((plan.Splits - 1) * plan.ColumnsPerSplit).Should().BeLessThan(k, "every split has columns");
        (plan.Splits * plan.ColumnsPerSplit).Should().BeGreaterThanOrEqualTo(k, "the splits cover K");
    }
}
