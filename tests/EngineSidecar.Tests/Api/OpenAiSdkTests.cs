using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace Sluice.Engine.Tests.Api;

#pragma warning disable OPENAI001 // seed is marked experimental in the SDK

public class OpenAiSdkTests
{
    // The chat template renders "<|user|>hi\n<|assistant|>" (24 bytes); the fake model continues with the next byte values.
    private const int ChatPromptTokens = 24;

    [Fact]
    public async Task Chat_completion_answers_with_usage_and_finish_reason()
    {
        await using var server = await ServerHarness.StartAsync();
        var client = ChatClient(server);

        ChatCompletion completion = await client.CompleteChatAsync(
            [new UserChatMessage("hi")],
            new ChatCompletionOptions { MaxOutputTokenCount = 5, Temperature = 0f });

        completion.Content[0].Text.Should().Be("?@ABC");
        completion.FinishReason.Should().Be(ChatFinishReason.Length);
        completion.Usage.InputTokenCount.Should().Be(ChatPromptTokens);
        completion.Usage.OutputTokenCount.Should().Be(5);
        completion.Model.Should().Be(ServerHarness.ModelName);
    }

    [Fact]
    public async Task Completion_answers_through_the_sdk_pipeline()
    {
        // The SDK's legacy completions client is internal; its public pipeline sends the request instead.
        await using var server = await ServerHarness.StartAsync();
        var pipeline = new OpenAIClient(new ApiKeyCredential("unused"), Options(server)).Pipeline;
        using var message = pipeline.CreateMessage();
        message.Request.Method = "POST";
        message.Request.Uri = new Uri(server.BaseAddress, "/v1/completions");
        message.Request.Headers.Set("Content-Type", "application/json");
        message.Request.Content = BinaryContent.Create(BinaryData.FromString(
            """{"model":"fake-model","prompt":"abc","max_tokens":4,"temperature":0}"""));

        await pipeline.SendAsync(message);

        message.Response!.Status.Should().Be(200);
        using var body = JsonDocument.Parse(message.Response.Content);
        var choice = body.RootElement.GetProperty("choices")[0];
        choice.GetProperty("text").GetString().Should().Be("defg");
        choice.GetProperty("finish_reason").GetString().Should().Be("length");
        body.RootElement.GetProperty("object").GetString().Should().Be("text_completion");
        body.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32().Should().Be(3);
        body.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().Be(4);
    }

    [Fact]
    public async Task Streaming_chat_delivers_the_same_text_and_usage()
    {
        await using var server = await ServerHarness.StartAsync();
        var client = ChatClient(server);
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;

        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0f }))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage = update.Usage ?? usage;
            finish = update.FinishReason ?? finish;
        }

        text.ToString().Should().Be("?@ABCDEF");
        finish.Should().Be(ChatFinishReason.Length);
        usage.Should().NotBeNull();
        usage!.OutputTokenCount.Should().Be(8);
        usage.InputTokenCount.Should().Be(ChatPromptTokens);
    }

    [Fact]
    public async Task Stop_strings_end_generation_and_are_not_emitted()
    {
        await using var server = await ServerHarness.StartAsync();
        var client = ChatClient(server);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 20, Temperature = 0f };
        options.StopSequences.Add("BC");

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("hi")], options);

        completion.Content[0].Text.Should().Be("?@A");
        completion.FinishReason.Should().Be(ChatFinishReason.Stop);
    }

    [Fact]
    public async Task The_same_seed_reproduces_the_sample_and_another_seed_differs()
    {
        await using var server = await ServerHarness.StartAsync();
        var client = ChatClient(server);

        async Task<string> RunAsync(long seed)
        {
            var options = new ChatCompletionOptions { MaxOutputTokenCount = 16, Temperature = 1f, Seed = seed };
            ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("hi")], options);
            return completion.Content[0].Text;
        }

        var first = await RunAsync(7);
        (await RunAsync(7)).Should().Be(first);
        (await RunAsync(8)).Should().NotBe(first);
    }

    [Fact]
    public async Task N_choices_are_generated_independently()
    {
        await using var server = await ServerHarness.StartAsync();
        var client = ChatClient(server);

        var result = await client.CompleteChatAsync(BinaryContent.Create(BinaryData.FromString(
            """{"model":"fake-model","messages":[{"role":"user","content":"hi"}],"n":3,"max_tokens":12,"temperature":1,"seed":5}""")));

        using var body = JsonDocument.Parse(result.GetRawResponse().Content);
        var choices = body.RootElement.GetProperty("choices").EnumerateArray().ToList();
        choices.Select(c => c.GetProperty("index").GetInt32()).Should().Equal(0, 1, 2);
        choices.Select(c => c.GetProperty("message").GetProperty("content").GetString()).Distinct().Should().HaveCount(3);
        body.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().Be(36);
    }

    private static OpenAIClientOptions Options(ServerHarness server) => new() { Endpoint = new Uri(server.BaseAddress, "/v1") };

    private static ChatClient ChatClient(ServerHarness server) =>
        new(ServerHarness.ModelName, new ApiKeyCredential("unused"), Options(server));
}
