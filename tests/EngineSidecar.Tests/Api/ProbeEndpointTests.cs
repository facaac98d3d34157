using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI;
using OpenAI.Models;

namespace Sluice.Engine.Tests.Api;

/// <summary>/tokenize, /detokenize (vLLM bodies), /v1/models/{id} and the JSON 404 for unknown routes.</summary>
public sealed class ProbeEndpointTests(SmallBodyServerFixture fixture) : IClassFixture<SmallBodyServerFixture>
{
    private readonly ServerHarness _server = fixture.Server;

    [Fact]
    public async Task Tokenize_a_prompt_returns_its_ids_count_and_context_length()
    {
        using var response = await _server.Http.PostAsJsonAsync("/tokenize", new { model = ServerHarness.ModelName, prompt = "hey", return_token_strs = true });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()).Should().Equal('h', 'e', 'y');
        body.RootElement.GetProperty("count").GetInt32().Should().Be(3);
        body.RootElement.GetProperty("max_model_len").GetInt32().Should().BeGreaterThan(0);
        body.RootElement.GetProperty("token_strs").EnumerateArray().Select(t => t.GetString()).Should().Equal("h", "e", "y");
    }

    [Fact]
    public async Task Tokenize_messages_counts_what_chat_completions_count()
    {
        using var response = await _server.Http.PostAsJsonAsync("/tokenize", new { messages = new[] { new { role = "user", content = "hi" } } });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        // The fake chat template renders "<|user|>hi\n<|assistant|>": 24 bytes, as the chat usage reports.
        body.RootElement.GetProperty("count").GetInt32().Should().Be(24);
    }

    [Fact]
    public async Task Detokenize_returns_the_text()
    {
        using var response = await _server.Http.PostAsJsonAsync("/detokenize", new { tokens = new[] { 104, 105 } });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("prompt").GetString().Should().Be("hi");
    }

    [Theory]
    [InlineData("/tokenize", """{"prompt":"a","messages":[]}""", 400, "prompt")]
    [InlineData("/tokenize", """{"text":"a"}""", 400, "text")]
    [InlineData("/tokenize", """{"prompt":"a","model":"other"}""", 404, "model")]
    [InlineData("/detokenize", """{"tokens":[999]}""", 400, "tokens")]
    [InlineData("/detokenize", """{}""", 400, "tokens")]
    public async Task Bad_tokenize_bodies_are_errors_naming_the_field(string path, string json, int status, string param)
    {
        using var response = await _server.PostAsync(path, json);
        ((int)response.StatusCode).Should().Be(status);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("param").GetString().Should().Be(param);
    }

    [Fact]
    public async Task The_sdk_retrieves_the_served_model_and_404s_another()
    {
        var client = new OpenAIModelClient(new System.ClientModel.ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(_server.BaseAddress, "/v1") });

        OpenAIModel model = await client.GetModelAsync(ServerHarness.ModelName);

        model.Id.Should().Be(ServerHarness.ModelName);
        model.OwnedBy.Should().Be("sluice");
        using var response = await _server.Http.GetAsync("/v1/models/gpt-9");
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("model_not_found");
    }

    [Theory]
    [InlineData("GET", "/v1/embeddings")]
    [InlineData("POST", "/v1/responses")]
    [InlineData("GET", "/nope")]
    public async Task Unknown_routes_get_an_openai_style_404(string method, string path)
    {
        using var response = await _server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("type").GetString().Should().Be("invalid_request_error");
        body.RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("not_found");
        body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().Contain(path);
    }
}
