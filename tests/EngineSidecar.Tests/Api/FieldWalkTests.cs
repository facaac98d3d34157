using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Engine.Api.Fields;

namespace Sluice.Engine.Tests.Api;

/// <summary>
/// Walks the whole pinned field list: each field is sent with a meaningful value; served fields answer 200, refused
/// ones 400 invalid_request_error with param naming them. A field added to the list without a sample here fails the walk.
/// </summary>
public sealed class FieldWalkTests(SmallBodyServerFixture fixture) : IClassFixture<SmallBodyServerFixture>
{
    private readonly ServerHarness _server = fixture.Server;

    /// <summary>A value per field that asks for something (the refused fields must not be satisfied by a null or false).</summary>
    private static readonly Dictionary<string, string> Samples = new()
    {
        ["messages"] = """[{"role":"user","content":"hi"}]""",
        ["prompt"] = "\"abc\"",
        ["model"] = "\"fake-model\"",
        ["audio"] = """{"voice":"alloy","format":"wav"}""",
        ["frequency_penalty"] = "0.5",
        ["function_call"] = "\"auto\"",
        ["functions"] = """[{"name":"f","parameters":{}}]""",
        ["logit_bias"] = """{"65":5}""",
        ["logprobs"] = "2",
        ["max_completion_tokens"] = "2",
        ["max_tokens"] = "2",
        ["metadata"] = """{"k":"v"}""",
        ["modalities"] = """["text"]""",
        ["n"] = "2",
        ["parallel_tool_calls"] = "true",
        ["prediction"] = """{"type":"content","content":"x"}""",
        ["presence_penalty"] = "0.5",
        ["prompt_cache_key"] = "\"key\"",
        ["prompt_cache_retention"] = "\"24h\"",
        ["reasoning_effort"] = "\"low\"",
        ["response_format"] = """{"type":"json_object"}""",
        ["safety_identifier"] = "\"user-1\"",
        ["seed"] = "7",
        ["service_tier"] = "\"auto\"",
        ["stop"] = """["zz"]""",
        ["store"] = "true",
        ["stream"] = "true",
        ["stream_options"] = """{"include_usage":true}""",
        ["temperature"] = "0.5",
        ["tool_choice"] = "\"auto\"",
        ["tools"] = """[{"type":"function","function":{"name":"f"}}]""",
        ["top_logprobs"] = "2",
        ["top_p"] = "0.9",
        ["user"] = "\"user-1\"",
        ["verbosity"] = "\"low\"",
        ["web_search_options"] = "{}",
        ["best_of"] = "1",
        ["echo"] = "true",
        ["suffix"] = "\"tail\"",
        ["top_k"] = "5",
        ["min_p"] = "0.1",
        ["repetition_penalty"] = "1.1",
        ["stop_token_ids"] = "[90]",
        ["ignore_eos"] = "true",
        ["timeout"] = "30",
        ["max_queue_time"] = "30",
        ["role"] = "\"user\"",
        ["content"] = "\"hi\"",
        ["name"] = "\"bob\"",
        ["refusal"] = "\"no\"",
        ["tool_calls"] = """[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]""",
        ["tool_call_id"] = "\"c1\"",
        ["include_usage"] = "true",
        ["include_obfuscation"] = "true",
    };

    public static TheoryData<string> ChatFields() => [.. OpenAiRequestFields.Chat.Select(r => r.Name)];

    public static TheoryData<string> CompletionFields() => [.. OpenAiRequestFields.Completions.Select(r => r.Name)];

    public static TheoryData<string> MessageFields() => [.. OpenAiRequestFields.Message.Select(r => r.Name)];

    public static TheoryData<string> StreamOptionFields() => [.. OpenAiRequestFields.StreamOptions.Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(ChatFields))]
    public async Task Every_chat_field_works_or_is_refused_by_name(string field)
    {
        var body = Body("""{"messages":[{"role":"user","content":"hi"}],"max_tokens":2}""", field);
        if (field == "response_format")
        {
            body["max_tokens"] = 40; // a whole object fits
        }

        await ExpectAsync("/v1/chat/completions", body, OpenAiRequestFields.Chat.Single(r => r.Name == field), field);
    }

    [Theory]
    [MemberData(nameof(CompletionFields))]
    public async Task Every_completion_field_works_or_is_refused_by_name(string field) =>
        await ExpectAsync("/v1/completions", Body("""{"prompt":"abc","max_tokens":2}""", field), OpenAiRequestFields.Completions.Single(r => r.Name == field), field);

    [Theory]
    [MemberData(nameof(MessageFields))]
    public async Task Every_message_field_works_or_is_refused_by_name(string field)
    {
        var body = JsonNode.Parse("""{"messages":[{"role":"user","content":"hi"}],"max_tokens":2}""")!.AsObject();
        body["messages"]![0]![field] = JsonNode.Parse(Sample(field));
        await ExpectAsync("/v1/chat/completions", body, OpenAiRequestFields.Message.Single(r => r.Name == field), $"messages[0].{field}");
    }

    [Theory]
    [MemberData(nameof(StreamOptionFields))]
    public async Task Every_stream_option_works_or_is_refused_by_name(string field)
    {
        var body = JsonNode.Parse("""{"prompt":"abc","max_tokens":2,"stream":true,"stream_options":{}}""")!.AsObject();
        body["stream_options"]![field] = JsonNode.Parse(Sample(field));
        await ExpectAsync("/v1/completions", body, OpenAiRequestFields.StreamOptions.Single(r => r.Name == field), $"stream_options.{field}");
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"max_tokns":2}""", "max_tokns")]
    [InlineData("/v1/completions", """{"prompt":"abc","response_format":{"type":"json_object"}}""", "response_format")]
    [InlineData("/v1/completions", """{"prompt":"abc","stream":true,"stream_options":{"usage":true}}""", "stream_options.usage")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi","mood":"glad"}]}""", "messages[0].mood")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"seed":1,"seed":2}""", "seed")]
    public async Task Fields_outside_the_list_are_refused_by_name(string path, string json, string param)
    {
        using var response = await _server.PostAsync(path, json);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = await ErrorOf(response);
        error.GetProperty("param").GetString().Should().Be(param);
        error.GetProperty("type").GetString().Should().Be("invalid_request_error");
    }

    [Fact]
    public async Task A_refused_field_sent_as_null_or_false_asks_for_nothing()
    {
        using var response = await _server.PostAsync("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"max_tokens":2,"tools":null,"parallel_tool_calls":false,"audio":null}""");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>
    /// Fields that work only on a model whose chat template renders tools (ToolRequestValidationTests walks them on one);
    /// the fake model's template does not, so here they are refused by name.
    /// </summary>
    private static readonly HashSet<string> NeedsToolTemplate = ["tools", "tool_choice", "tool_calls", "tool_call_id"];

    private static JsonObject Body(string baseJson, string field)
    {
        var body = JsonNode.Parse(baseJson)!.AsObject();
        body[field] = JsonNode.Parse(Sample(field));
        if (field == "stream_options")
        {
            body["stream"] = true;
        }

        if (field == "top_logprobs")
        {
            body["logprobs"] = true;
        }

        if (field == "logprobs" && baseJson.Contains("messages", StringComparison.Ordinal))
        {
            body["logprobs"] = true;
        }

        return body;
    }

    private static string Sample(string field) =>
        Samples.TryGetValue(field, out var value) ? value : throw new InvalidOperationException($"the field walk has no sample value for '{field}'");

    private async Task ExpectAsync(string path, JsonObject body, FieldRule rule, string param)
    {
        using var response = await _server.PostAsync(path, body.ToJsonString());
        var text = await response.Content.ReadAsStringAsync();
        if (rule.Support == FieldSupport.Refused || NeedsToolTemplate.Contains(rule.Name))
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
            using var document = JsonDocument.Parse(text);
            var error = document.RootElement.GetProperty("error");
            error.GetProperty("param").GetString().Should().Be(param);
            error.GetProperty("type").GetString().Should().Be("invalid_request_error");
            return;
        }

        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        if (body["stream"] is not null)
        {
            text.Should().Contain("data: [DONE]");
        }
        else
        {
            using var document = JsonDocument.Parse(text);
            document.RootElement.GetProperty("choices").GetArrayLength().Should().Be(body["n"] is null ? 1 : 2);
        }
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("error").Clone();
    }
}
