using Sluice.Engine.Compute;

namespace Sluice.Engine.Tests.Compute;

public sealed class Fp8E4M3Tests
{
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
    public void Nan_codes_decode_to_nan_and_nan_encodes_to_nan()
    {
        float.IsNaN(Fp8E4M3.Decode(0x7F)).Should().BeTrue();
        float.IsNaN(Fp8E4M3.Decode(0xFF)).Should().BeTrue();
        (Fp8E4M3.Encode(float.NaN) & 0x7F).Should().Be(0x7F);
    }

    [Fact]
    public void Every_finite_code_round_trips()
    {
        for (var b = 0; b < 256; b++)
        {
            if ((b & 0x7F) != 0x7F)
            {
                Fp8E4M3.Encode(Fp8E4M3.Decode((byte)b)).Should().Be((byte)b, $"code 0x{b:X2}");
            }
        }
    }

    [Theory]
    [InlineData(1.0625f, 0x38)]          // halfway 1 / 1.125: to the even mantissa (1)
    [InlineData(1.1875f, 0x3A)]          // halfway 1.125 / 1.25: to the even mantissa (1.25)
    [InlineData(1.05f, 0x38)]
    [InlineData(1.1f, 0x39)]
    [InlineData(0.0009765625f, 0x00)]    // 2^-10, halfway 0 / 2^-9: to even (0)
    [InlineData(0.0029296875f, 0x02)]    // 3 · 2^-10, halfway 2^-9 / 2^-8: to even (2 · 2^-9)
    [InlineData(0.0151f, 0x08)]          // rounds up from the subnormals into the smallest normal
    [InlineData(15.5f, 0x58)]            // 15.5 halfway 15 / 16: mantissa 7 is odd, so up to 16 (carry into the exponent)
    [InlineData(460f, 0x7E)]             // saturates (satfinite), never NaN
    [InlineData(1e9f, 0x7E)]
    [InlineData(float.PositiveInfinity, 0x7E)]
    [InlineData(-1e9f, 0xFE)]
    [InlineData(-0f, 0x80)]
    public void Encodes_to_nearest_even_and_saturates(float value, int expected) => Fp8E4M3.Encode(value).Should().Be((byte)expected);

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
