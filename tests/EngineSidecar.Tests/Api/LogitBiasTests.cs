using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace Sluice.Engine.Tests.Api;

/// <summary>logit_bias through the official SDK: applied before sampling (greedy too), whole and streamed; bad keys and values are 400s.</summary>
public sealed class LogitBiasTests
{
    [Fact]
    public async Task A_bias_of_100_forces_the_token_even_at_temperature_0()
    {
        await using var server = await ServerHarness.StartAsync();
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 4, Temperature = 0f };
        options.LogitBiases[(int)'Z'] = 100;

        ChatCompletion completion = await Client(server).CompleteChatAsync([new UserChatMessage("hi")], options);

        completion.Content[0].Text.Should().Be("ZZZZ");
    }

    [Fact]
    public async Task A_bias_of_minus_100_bans_the_token_in_a_stream()
    {
        await using var server = await ServerHarness.StartAsync();
        var plain = new ChatCompletionOptions { MaxOutputTokenCount = 4, Temperature = 0f };
        ChatCompletion unbiased = await Client(server).CompleteChatAsync([new UserChatMessage("hi")], plain);
        var banned = unbiased.Content[0].Text[0];
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 4, Temperature = 0f };
        options.LogitBiases[banned] = -100;
        var text = new StringBuilder();

        await foreach (var update in Client(server).CompleteChatStreamingAsync([new UserChatMessage("hi")], options))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        text.Length.Should().Be(4);
        text.ToString().Should().NotContain(banned.ToString());
    }

    [Fact]
    public async Task Completions_take_logit_bias_too()
    {
        await using var server = await ServerHarness.StartAsync();
        using var response = await server.PostAsync("/v1/completions", """{"prompt":"abc","max_tokens":3,"temperature":0,"logit_bias":{"81":100}}""");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("choices")[0].GetProperty("text").GetString().Should().Be("QQQ");
    }

    [Theory]
    [InlineData("""{"257":1}""")] // outside the vocabulary (257 ids)
    [InlineData("""{"-1":1}""")]
    [InlineData("""{"abc":1}""")]
    [InlineData("""{"65":100.5}""")]
    [InlineData("""{"65":-101}""")]
    [InlineData("""{"65":"high"}""")]
    [InlineData("[65]")]
    public async Task Bad_keys_and_values_are_400s_naming_logit_bias(string bias)
    {
        await using var server = await ServerHarness.StartAsync();
        using var response = await server.PostAsync("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"logit_bias":""" + bias + "}");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("param").GetString().Should().Be("logit_bias");
        body.RootElement.GetProperty("error").GetProperty("type").GetString().Should().Be("invalid_request_error");
    }

    private static ChatClient Client(ServerHarness server) =>
        new(ServerHarness.ModelName, new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "/v1") });
}
