using Sluice.Controllers.Slo;

namespace Sluice.Controllers.Tests.Slo;

public class ProfileAnalysisTests
{
    private static readonly CurvePoint[] BatchSweep =
    [
        new(1, null, 0.1, 0.0105, 95), new(2, null, 0.1, 0.013, 150), new(4, null, 0.1, 0.018, 220),
        new(8, null, 0.1, 0.028, 280), new(16, null, 0.1, 0.048, 330),
    ];

    [Theory]
    [InlineData(0.020, 0.05, 4, true)]
    [InlineData(0.020, 0.15, 2, true)]
    [InlineData(0.030, 0.0, 8, true)]
    [InlineData(0.005, 0.05, 1, false)]
    public void Batch_is_the_largest_under_the_limit_with_margin(double limit, double margin, int expected, bool meets)
    {
        ProfileAnalysis.ChooseBatchSize(BatchSweep, limit, margin).Should().Be((expected, meets));
    }

    [Fact]
    public void Rate_is_the_largest_under_the_ttft_limit()
    {
        CurvePoint[] rates = [new(4, 2, 0.3, 0.02, 0), new(4, 4, 0.5, 0.02, 0), new(4, 6, 0.92, 0.02, 0), new(4, 8, 5, 0.02, 0)];
        ProfileAnalysis.ChooseRequestRate(rates, 1.0, 0.1).Should().Be((4.0, true));
        ProfileAnalysis.ChooseRequestRate(rates, 1.0, 0.0).Should().Be((6.0, true));
        ProfileAnalysis.ChooseRequestRate(rates, 0.1, 0.0).Should().Be((2.0, false));
        ((Action)(() => ProfileAnalysis.ChooseBatchSize([], 1, 0))).Should().Throw<ArgumentException>();
    }
}
