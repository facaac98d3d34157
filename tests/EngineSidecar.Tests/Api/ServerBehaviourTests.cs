using System.Net;
using Sluice.Engine.Api;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Api;

public class ServerBehaviourTests
{
    [Fact]
    public async Task A_shared_system_prompt_is_served_from_the_prefix_cache()
    {
        await using var server = await ServerHarness.StartAsync(new ServeOptions { BlockSize = 16 });
        var system = new string('s', 100);

        foreach (var question in new[] { "first question", "second question" })
        {
            using var response = await server.PostAsync(
                "/v1/chat/completions", $$$"""{"messages":[{"role":"system","content":"{{{system}}}"},{"role":"user","content":"{{{question}}}"}],"max_tokens":2}""");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // "<|system|>" + 100 bytes + "\n<|user|>" = 119 tokens are common: 7 full blocks of 16 are reused by the second conversation.
        (await server.MetricAsync("sluice_prefix_cache_hits_total")).Should().Be(112);
        server.Runner.Violations.Should().BeEmpty();
    }

    [Fact]
    public async Task Readiness_fails_while_the_loop_makes_no_progress_and_recovers()
    {
        var runner = new FakeModelRunner { StepDelay = TimeSpan.FromMilliseconds(1500) };
        await using var server = await ServerHarness.StartAsync(new ServeOptions { ReadyStallTimeout = TimeSpan.FromMilliseconds(300) }, runner);

        var slow = server.PostAsync("/v1/completions", """{"prompt":"abc","max_tokens":1}""");
        (await ServerHarness.EventuallyAsync(
            async () => (await server.Http.GetAsync("/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(5))).Should().BeTrue();

        using (var response = await slow)
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // The loop publishes its progress right after the step that answered; readiness follows within moments.
        (await ServerHarness.EventuallyAsync(
            async () => (await server.Http.GetAsync("/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(2))).Should().BeTrue();
    }

    [Fact]
    public async Task Streaming_several_choices_delivers_each_with_its_own_finish_reason()
    {
        await using var server = await ServerHarness.StartAsync();

        using var response = await server.PostAsync(
            "/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"n":3,"max_tokens":4,"temperature":0,"stream":true}""");

        var events = await SseReader.ReadAllAsync(response);
        for (var index = 0; index < 3; index++)
        {
            SseReader.Text(events, index).Should().Be("?@AB");
            events.SelectMany(e => e.GetProperty("choices").EnumerateArray())
                .Where(c => c.GetProperty("index").GetInt32() == index && c.TryGetProperty("finish_reason", out var f) && f.ValueKind == System.Text.Json.JsonValueKind.String)
                .Should().ContainSingle();
        }
    }
}
