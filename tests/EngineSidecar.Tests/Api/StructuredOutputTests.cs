using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using Json.Schema;
using OpenAI;
using OpenAI.Chat;

namespace Sluice.Engine.Tests.Api;

#pragma warning disable OPENAI001 // seed is marked experimental in the SDK

/// <summary>response_format through the official SDK: json_schema (strict and not) and json_object, whole and streamed.</summary>
public sealed class StructuredOutputTests
{
    private const string Person = """
        {"type":"object","properties":{"name":{"type":"string","maxLength":6},"age":{"type":"integer"},"pets":{"type":"array","items":{"enum":["cat","dog"]},"maxItems":2}},"required":["name","age","pets"],"additionalProperties":false}
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Json_schema_output_parses_and_validates(bool strict)
    {
        await using var server = await ServerHarness.StartAsync();
        var options = new ChatCompletionOptions
        {
            MaxOutputTokenCount = 200,
            Temperature = 0f,
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("person", BinaryData.FromString(Person), jsonSchemaIsStrict: strict),
        };

        ChatCompletion completion = await Client(server).CompleteChatAsync([new UserChatMessage("hi")], options);

        completion.FinishReason.Should().Be(ChatFinishReason.Stop);
        Validate(Person, completion.Content[0].Text);
    }

    [Fact]
    public async Task Streamed_json_schema_output_parses_and_validates()
    {
        await using var server = await ServerHarness.StartAsync();
        var options = new ChatCompletionOptions
        {
            MaxOutputTokenCount = 200,
            Temperature = 1f,
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("person", BinaryData.FromString(Person), jsonSchemaIsStrict: true),
        };
        var text = new StringBuilder();
        ChatFinishReason? finish = null;

        await foreach (var update in Client(server).CompleteChatStreamingAsync([new UserChatMessage("hi")], options))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish = update.FinishReason ?? finish;
        }

        finish.Should().Be(ChatFinishReason.Stop);
        Validate(Person, text.ToString());
    }

    [Fact]
    public async Task Json_object_output_is_one_json_object()
    {
        await using var server = await ServerHarness.StartAsync();
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 300, Temperature = 1f, Seed = 3, ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() };

        ChatCompletion completion = await Client(server).CompleteChatAsync([new UserChatMessage("hi")], options);

        var text = completion.Content[0].Text;
        text.Should().StartWith("{");
        if (completion.FinishReason == ChatFinishReason.Stop)
        {
            JsonDocument.Parse(text).RootElement.ValueKind.Should().Be(JsonValueKind.Object);
        }
        else
        {
            completion.FinishReason.Should().Be(ChatFinishReason.Length);
        }
    }

    [Fact]
    public async Task Every_choice_of_a_sampled_request_validates()
    {
        await using var server = await ServerHarness.StartAsync();
        var options = new ChatCompletionOptions
        {
            MaxOutputTokenCount = 200,
            Temperature = 1f,
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("person", BinaryData.FromString(Person)),
        };

        for (var i = 0; i < 8; i++)
        {
            ChatCompletion completion = await Client(server).CompleteChatAsync([new UserChatMessage("hi")], options);
            completion.FinishReason.Should().Be(ChatFinishReason.Stop);
            Validate(Person, completion.Content[0].Text);
        }
    }

    [Fact]
    public async Task Max_tokens_cuts_the_document_with_finish_reason_length_and_returns_the_prefix()
    {
        await using var server = await ServerHarness.StartAsync();
        var format = ChatResponseFormat.CreateJsonSchemaFormat("person", BinaryData.FromString(Person));
        ChatCompletion whole = await Client(server).CompleteChatAsync(
            [new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 200, Temperature = 0f, ResponseFormat = format });
        ChatCompletion cut = await Client(server).CompleteChatAsync(
            [new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 5, Temperature = 0f, ResponseFormat = format });

        cut.FinishReason.Should().Be(ChatFinishReason.Length);
        cut.Content[0].Text.Should().Be(whole.Content[0].Text[..5]);
    }

    [Theory]
    [InlineData("""{"type":"string","pattern":"^a+$"}""", "pattern")]
    [InlineData("""{"type":"object","properties":{"when":{"type":"string","format":"date-time"}}}""", "format")]
    [InlineData("""{"$defs":{"x":{"type":"string"}},"$ref":"#/$defs/x"}""", "$defs")]
    public async Task A_schema_outside_the_subset_is_a_400_naming_the_keyword(string schema, string keyword)
    {
        await using var server = await ServerHarness.StartAsync();
        var options = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("s", BinaryData.FromString(schema)) };

        var call = () => Client(server).CompleteChatAsync([new UserChatMessage("hi")], options);

        var error = (await call.Should().ThrowAsync<ClientResultException>()).Which;
        error.Status.Should().Be(400);
        using var response = await server.PostAsync("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"s","schema":""" + schema + "}}}");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("param").GetString().Should().Be("response_format.json_schema.schema");
        body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().Contain($"'{keyword}'");
    }

    [Theory]
    [InlineData("""{"type":"xml"}""", "response_format.type")]
    [InlineData("""{"type":"json_schema"}""", "response_format.json_schema")]
    [InlineData("""{"type":"json_schema","json_schema":{"schema":{}}}""", "response_format.json_schema.name")]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"x","schema":{},"mode":"y"}}""", "response_format.json_schema.mode")]
    public async Task Malformed_response_formats_are_400s_naming_the_field(string format, string param)
    {
        await using var server = await ServerHarness.StartAsync();
        using var response = await server.PostAsync("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"response_format":""" + format + "}");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("param").GetString().Should().Be(param);
    }

    private static void Validate(string schema, string text)
    {
        using var document = JsonDocument.Parse(text);
        JsonSchema.FromText(schema).Evaluate(document.RootElement).IsValid.Should().BeTrue(text);
    }

    private static ChatClient Client(ServerHarness server) =>
        new(ServerHarness.ModelName, new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "/v1") });
}
