using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Tests.Model.Quantization;

public sealed class Fp8E4M3Tests
{
    [Fact]
    public void Every_finite_code_round_trips()
    {
        for (var code = 0; code < 256; code++)
        {
            if ((code & 0x7F) == 0x7F)
            {
                float.IsNaN(Fp8E4M3.Decode((byte)code)).Should().BeTrue();
                continue;
            }

            var value = Fp8E4M3.Decode((byte)code);
            var back = Fp8E4M3.Encode(value);
            (back == code || (value == 0 && (back & 0x7F) == 0)).Should().BeTrue($"code 0x{code:X2} = {value} encodes to 0x{back:X2}");
        }
    }

    [Theory]
    [InlineData(448f, 0x7E)]
    [InlineData(1000f, 0x7E)]
    [InlineData(-1e9f, 0xFE)]
    [InlineData(1f, 0x38)]
    [InlineData(0.001953125f, 0x01)] // smallest subnormal 2^-9
    [InlineData(0.0009765625f, 0x00)] // 2^-10: tie between 0 and 2^-9 rounds to even (0)
    [InlineData(0.0029296875f, 0x02)] // 1.5 · 2^-9: tie rounds to even (2 · 2^-9)
    [InlineData(1.0625f, 0x38)] // halfway 1 and 1.125: ties to even mantissa 0
    [InlineData(1.1875f, 0x3A)] // halfway 1.125 and 1.25: ties to even mantissa 2
    [InlineData(240f, 0x77)]
    public void Encoding_rounds_to_nearest_even_and_saturates(float value, int code)
    {
        Fp8E4M3.Encode(value).Should().Be((byte)code);
    }

    [Fact]
    public void Nan_encodes_to_the_nan_code()
    {
        (Fp8E4M3.Encode(float.NaN) & 0x7F).Should().Be(0x7F);
    }

    [Theory]
    [InlineData(0x00, 0f)]
    [InlineData(0x01, 0.001953125f)]      // smallest subnormal 2^-9
    [InlineData(0x07, 7 * 0.001953125f)]  // largest subnormal
    [InlineData(0x08, 0.015625f)]         // smallest normal 2^-6
    [InlineData(0x38, 1f)]
    [InlineData(0x39, 1.125f)]
    [InlineData(0x40, 2f)]
    [InlineData(0x7E, 448f)]              // largest finite
    [InlineData(0xB8, -1f)]
    [InlineData(0xFE, -448f)]
    public void Decodes_the_format(int bits, float expected) => Fp8E4M3.Decode((byte)bits).Should().Be(expected);

    [Fact]
    public void Encoding_picks_the_nearest_code()
    {
        var random = new Random(7);
        var finite = Enumerable.Range(0, 256).Where(b => (b & 0x7F) != 0x7F).Select(b => Fp8E4M3.Decode((byte)b)).ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var x = (float)((random.NextDouble() * 2) - 1) * MathF.Pow(2, random.Next(-12, 10));
            var decoded = Fp8E4M3.Decode(Fp8E4M3.Encode(x));
            var best = finite.Min(f => MathF.Abs(f - Math.Clamp(x, -448f, 448f)));
            MathF.Abs(decoded - Math.Clamp(x, -448f, 448f)).Should().Be(best, $"x = {x}");
        }
    }
}
