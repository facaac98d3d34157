using System.ClientModel;
using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Sluice.Engine.Api;
using Sluice.Engine.Model;
using Sluice.Engine.Tests.Grammar;

namespace Sluice.Engine.Tests.Demo;

/// <summary>
/// Constrained decoding on the real demo model (byte-level BPE, 4096 tokens): sampled output always validates. The
/// acceptance run is 1,000 generations at temperature 1, 100 for each of the 10 schemas of <see cref="SchemaCorpus"/>,
/// through the HTTP API (one request with n = 100 per schema, batched by the engine).
/// </summary>
public sealed class StructuredOutputDemoTests(DemoModelTests.Loaded loaded) : IClassFixture<DemoModelTests.Loaded>
{
    private const int ChoicesPerSchema = 100;

    public static TheoryData<int> SchemaIndexes() => [.. Enumerable.Range(0, SchemaCorpus.Schemas.Length)];

    [Theory]
    [MemberData(nameof(SchemaIndexes))]
    public async Task Sampled_generations_at_temperature_1_all_validate(int schemaIndex)
    {
        using var model = ModelLoader.Load(loaded.Directory, "demo");
        var options = new ServeOptions { Host = "127.0.0.1", Port = 0, KvCacheMemoryMb = 256, MaxBatchSize = ChoicesPerSchema, MaxChoices = ChoicesPerSchema };
        await using var app = EngineServer.Build(model, options, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var schema = SchemaCorpus.Schemas[schemaIndex];
        var body = $$"""
            {"model":"demo","messages":[{"role":"user","content":"Answer in JSON."}],"temperature":1,"max_tokens":400,"n":{{ChoicesPerSchema}},"seed":{{schemaIndex}},
             "response_format":{"type":"json_schema","json_schema":{"name":"s{{schemaIndex}}","strict":true,"schema":
            """ + schema + "}}}";

        using var response = await http.PostAsync("/v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(text);
        using var document = JsonDocument.Parse(text);
        var validator = JsonSchema.FromText(schema);
        var choices = document.RootElement.GetProperty("choices").EnumerateArray().ToList();
        choices.Should().HaveCount(ChoicesPerSchema);
        foreach (var choice in choices)
        {
            var content = choice.GetProperty("message").GetProperty("content").GetString()!;
            choice.GetProperty("finish_reason").GetString().Should().Be("stop", content);
            using var output = JsonDocument.Parse(content);
            validator.Evaluate(output.RootElement).IsValid.Should().BeTrue(content);
        }
    }

    [Fact]
    public async Task A_streamed_document_cut_by_max_tokens_ends_with_length_and_the_prefix_as_is()
    {
        using var model = ModelLoader.Load(loaded.Directory, "demo");
        var options = new ServeOptions { Host = "127.0.0.1", Port = 0, KvCacheMemoryMb = 64 };
        await using var app = EngineServer.Build(model, options, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        var client = new ChatClient("demo", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(app.Urls.First() + "/v1") });
        var format = ChatResponseFormat.CreateJsonSchemaFormat("person", BinaryData.FromString(SchemaCorpus.Schemas[0]), jsonSchemaIsStrict: true);
        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;

        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("Who are you? Answer in JSON.")],
            new ChatCompletionOptions { Temperature = 1f, MaxOutputTokenCount = 6, ResponseFormat = format }))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish = update.FinishReason ?? finish;
        }

        finish.Should().Be(ChatFinishReason.Length);
        var prefix = System.Text.Encoding.UTF8.GetBytes(text.ToString());
        prefix.Should().NotBeEmpty();
        var grammar = Sluice.Engine.Grammar.JsonSchemaCompiler.Compile(JsonDocument.Parse(SchemaCorpus.Schemas[0]).RootElement);
        Sluice.Engine.Grammar.GrammarStepper.TryFeed(Sluice.Engine.Grammar.GrammarFrame.Start(grammar, null), prefix, out var state).Should().BeTrue("the cut text is a prefix of a valid document");
        Sluice.Engine.Grammar.GrammarStepper.CanEnd(state).Should().BeFalse("six tokens do not complete this document");
    }

    [Fact]
    public async Task A_streamed_json_object_from_the_sdk_parses()
    {
        using var model = ModelLoader.Load(loaded.Directory, "demo");
        var options = new ServeOptions { Host = "127.0.0.1", Port = 0, KvCacheMemoryMb = 64 };
        await using var app = EngineServer.Build(model, options, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        var client = new ChatClient("demo", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(app.Urls.First() + "/v1") });
        var schema = BinaryData.FromString(SchemaCorpus.Schemas[0]);
        var text = new System.Text.StringBuilder();

        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("Who are you? Answer in JSON.")],
            new ChatCompletionOptions { Temperature = 0.7f, MaxOutputTokenCount = 400, ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("person", schema, jsonSchemaIsStrict: true) }))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        using var output = JsonDocument.Parse(text.ToString());
        JsonSchema.FromText(SchemaCorpus.Schemas[0]).Evaluate(output.RootElement).IsValid.Should().BeTrue(text.ToString());
    }
}
