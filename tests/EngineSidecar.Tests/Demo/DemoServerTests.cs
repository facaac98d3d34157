using System.ClientModel;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Sluice.Engine.Api;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Demo;

/// <summary>The real demo model served on loopback Kestrel, driven by the official OpenAI SDK and raw HTTP.</summary>
public sealed class DemoServerTests : IClassFixture<DemoModelTests.Loaded>
{
    private readonly DemoModelTests.Loaded _loaded;

    public DemoServerTests(DemoModelTests.Loaded loaded) => _loaded = loaded;

    private static async Task<WebApplication> StartAsync(LoadedModel model)
    {
        var options = new ServeOptions { Host = "127.0.0.1", Port = 0, KvCacheMemoryMb = 64, MaxBatchSize = 8 };
        var app = EngineServer.Build(model, options, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task Chat_completion_through_the_sdk_answers_in_words()
    {
        using var model = ModelLoader.Load(_loaded.Directory, "demo");
        await using var app = await StartAsync(model);
        var client = new ChatClient("demo", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(app.Urls.First() + "/v1") });

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage("You are a helpful assistant."), new UserChatMessage("The LORD is my shepherd;")],
            new ChatCompletionOptions { Temperature = 0f, MaxOutputTokenCount = 32 });

        var chat = _loaded.Reference.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "chat-shepherd");
        var ids = chat.GetProperty("greedy").GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var eos = ids.IndexOf(1);
        var expected = model.Tokenizer.Decode(eos >= 0 ? ids[..eos] : ids, skipSpecialTokens: true);
        completion.Content[0].Text.Should().Be(expected).And.MatchRegex("[A-Za-z]{3,}");
        completion.FinishReason.Should().Be(eos >= 0 ? ChatFinishReason.Stop : ChatFinishReason.Length);
        completion.Usage.InputTokenCount.Should().Be(chat.GetProperty("promptIds").GetArrayLength());
    }

    [Fact]
    public async Task Concurrent_greedy_completions_equal_one_at_a_time()
    {
        using var model = ModelLoader.Load(_loaded.Directory, "demo");
        await using var app = await StartAsync(model);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        string[] prompts = ["In the beginning", "And it came to pass", "Blessed are the", "Thus saith the LORD", "And Jesus said", "The LORD is my", "Honour thy father", "Let there be"];

        async Task<string> CompleteAsync(string prompt)
        {
            using var response = await http.PostAsJsonAsync("/v1/completions", new { model = "demo", prompt, max_tokens = 12, temperature = 0 });
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.GetProperty("choices")[0].GetProperty("text").GetString()!;
        }

        var alone = new List<string>();
        foreach (var prompt in prompts)
        {
            alone.Add(await CompleteAsync(prompt));
        }

        var together = await Task.WhenAll(prompts.Select(CompleteAsync));

        together.Should().Equal(alone);
        alone.Distinct().Should().HaveCountGreaterThan(4, "different prompts continue differently");
    }
}
