namespace Sluice.Engine.Tests.Proxy;

/// <summary>Shutdown of the proxy (SIGTERM): in-flight requests finish within the drain timeout.</summary>
public class ProxyDrainTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_stream_in_flight_at_shutdown_finishes_before_the_proxy_stops()
    {
        await using var proxy = await ProxyHarness.StartAsync(drainTimeout: TimeSpan.FromSeconds(15));
        proxy.Runtime!.HoldStreams = true;
        using var response = await proxy.PostAsync("/v1/chat/completions", $$"""{"model":"{{FakeRuntime.ModelName}}","messages":[{"role":"user","content":"hi"}],"stream":true}""");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await reader.ReadLineAsync().WaitAsync(Patience)).Should().StartWith("data: ");

        var stopping = proxy.App.StopAsync();
        await Task.Delay(300);
        stopping.IsCompleted.Should().BeFalse("the proxy waits for the stream in flight");

        proxy.Runtime.ReleaseStreams();
        (await reader.ReadToEndAsync().WaitAsync(Patience)).Should().EndWith("data: [DONE]\n\n", "the stream ends whole during the drain");
        await stopping.WaitAsync(Patience);
        proxy.Runtime.StreamsFinished.Should().Be(1);
    }
}
