using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.Bench.Tests.Fakes;

namespace Sluice.Bench.Tests.Running;

/// <summary>Ramp-up on the wall clock (a virtual clock would let later users jump ahead of earlier ones).</summary>
public class RampUpTests
{
    [Fact]
    public async Task Users_start_spread_over_the_ramp_up()
    {
        await using var server = await FakeOpenAiServer.StartAsync(_ => new FakeResponse { FirstTokenSeconds = 2.0, NumChunks = 1 });
        var spec = new BenchmarkSpec
        {
            BaseUrl = server.BaseUrl,
            Model = "fake",
            Users = 2,
            RampUpSeconds = 0.5,
            NumRequests = 2,
            Dataset = new DatasetSpec { InputTokens = 4, OutputTokens = 1 },
        };

        var result = await new LoadRunner().RunAsync(spec);

        // User 0 starts at 0 and is busy for 2 s, so the second request is user 1's, due at 0.5 · 1/2 = 0.25 s.
        var starts = result.Requests!.Select(r => r.StartSeconds).Order().ToList();
        starts[1].Should().BeInRange(0.24, 1.9, "user 1 waits for its ramp slot but not for user 0");
        starts[0].Should().BeLessThan(starts[1]);
        result.Summary.OkRequests.Should().Be(2);
    }
}
