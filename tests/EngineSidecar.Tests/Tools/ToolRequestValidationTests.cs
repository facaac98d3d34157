using System.Net;
using System.Text.Json;
using Sluice.Engine.Tests.Api;

namespace Sluice.Engine.Tests.Tools;

/// <summary>Bad tools, tool_choice and tool messages are 400s naming the field; the field walk's tool fields work here.</summary>
public sealed class ToolRequestValidationTests(ToolServerFixture fixture) : IClassFixture<ToolServerFixture>
{
    private const string User = """{"role":"user","content":"hi"}""";

    public static TheoryData<string, string, string?> BadRequests() => new()
    {
        { """{"messages":[""" + User + """],"tool_choice":"auto"}""", "tool_choice", null },
        { """{"messages":[""" + User + """],"tools":[],"tool_choice":"required"}""", "tool_choice", null },
        { """{"messages":[""" + User + """],"tools":""" + ToolSchemas.ToolsJson + ""","tool_choice":{"type":"function","function":{"name":"nope"}}}""", "tool_choice.function.name", "nope" },
        { """{"messages":[""" + User + """],"tools":""" + ToolSchemas.ToolsJson + ""","tool_choice":"sometimes"}""", "tool_choice", null },
        { """{"messages":[""" + User + """],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"s":{"type":"string","pattern":"^a"}}}}}]}""", "tools[0].function.parameters", "pattern" },
        { """{"messages":[""" + User + """],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"string"}}}]}""", "tools[0].function.parameters", "object" },
        { """{"messages":[""" + User + """],"tools":[{"type":"retrieval"}]}""", "tools[0].type", null },
        { """{"messages":[""" + User + """],"tools":[{"type":"function","function":{"name":"has space"}}]}""", "tools[0].function.name", null },
        { """{"messages":[""" + User + """],"tools":[{"type":"function","function":{"name":"f"}},{"type":"function","function":{"name":"f"}}]}""", "tools[1].function.name", "twice" },
        { """{"messages":[""" + User + """],"tools":[{"type":"function","function":{"name":"f","colour":"red"}}]}""", "tools[0].function.colour", null },
        { """{"messages":[""" + User + """],"tools":""" + ToolSchemas.ToolsJson + ""","tool_choice":"required","response_format":{"type":"json_object"}}""", "response_format", null },
        { """{"messages":[{"role":"user","content":"hi","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}]}""", "messages[0].tool_calls", "assistant" },
        { """{"messages":[""" + User + """,{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":{}}}]}]}""", "messages[1].tool_calls[0]", null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_tool_requests_are_400s_naming_the_field(string body, string param, string? messagePart)
    {
        using var response = await fixture.PostChatAsync(body);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        using var document = JsonDocument.Parse(text);
        var error = document.RootElement.GetProperty("error");
        error.GetProperty("param").GetString().Should().Be(param, text);
        error.GetProperty("type").GetString().Should().Be("invalid_request_error");
        if (messagePart is not null)
        {
            error.GetProperty("message").GetString().Should().Contain(messagePart);
        }
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}]}""", "tools")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}]}""", "messages[1].tool_calls")]
    [InlineData("""{"messages":[{"role":"tool","content":"1","tool_call_id":"c"}]}""", "messages[0].tool_call_id")]
    public async Task A_template_that_does_not_render_tools_refuses_them_by_name(string body, string param)
    {
        using var response = await fixture.PostChatAsync(body, plain: true);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        using var document = JsonDocument.Parse(text);
        document.RootElement.GetProperty("error").GetProperty("param").GetString().Should().Be(param);
    }

    [Theory]
    [InlineData("tools", """[{"type":"function","function":{"name":"f"}}]""")]
    [InlineData("tool_choice", "\"none\"")]
    [InlineData("parallel_tool_calls", "false")]
    public async Task The_tool_fields_of_the_field_walk_work_on_a_template_that_renders_tools(string field, string value)
    {
        var tools = field == "tools" ? string.Empty : ""","tools":[{"type":"function","function":{"name":"f"}}]""";
        using var response = await fixture.PostChatAsync("""{"messages":[{"role":"user","content":"hi"}],"max_tokens":40,"temperature":0""" + tools + ",\"" + field + "\":" + value + "}");

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        document.RootElement.GetProperty("choices")[0].GetProperty("message").TryGetProperty("role", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Message_tool_calls_and_tool_call_id_work_on_a_template_that_renders_tools()
    {
        using var response = await fixture.PostChatAsync(
            """{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]},{"role":"tool","tool_call_id":"c1","content":"2"}],"max_tokens":4}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_non_streamed_call_has_null_content_and_the_openai_shape()
    {
        using var response = await fixture.PostChatAsync(
            """{"messages":[{"role":"user","content":"add"}],"max_tokens":120,"seed":9,"n":3,"tools":""" + ToolSchemas.ToolsJson + ""","tool_choice":{"type":"function","function":{"name":"add"}}}""");

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        foreach (var choice in document.RootElement.GetProperty("choices").EnumerateArray())
        {
            choice.GetProperty("finish_reason").GetString().Should().Be("tool_calls", text);
            var message = choice.GetProperty("message");
            message.GetProperty("content").ValueKind.Should().Be(JsonValueKind.Null);
            var call = message.GetProperty("tool_calls").EnumerateArray().Single();
            call.GetProperty("type").GetString().Should().Be("function");
            call.GetProperty("function").GetProperty("name").GetString().Should().Be("add");
            using var arguments = JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!);
            arguments.RootElement.GetProperty("a").ValueKind.Should().Be(JsonValueKind.Number);
        }
    }

    [Fact]
    public async Task Streamed_parallel_calls_carry_one_tool_calls_entry_per_chunk_with_the_call_position_as_index()
    {
        const string tools = """[{"type":"function","function":{"name":"add","parameters":""" + ToolSchemas.Add + """}},{"type":"function","function":{"name":"now","parameters":""" + ToolSchemas.Now + "}}]";
        using var response = await fixture.PostChatAsync(
            """{"messages":[{"role":"user","content":"Add 2 and 3."}],"temperature":1,"seed":0,"n":3,"stream":true,"tool_choice":"required","tools":""" + tools + "}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var events = await SseReader.ReadAllAsync(response);
        var ids = new List<string>();
        var several = false;
        for (var choice = 0; choice < 3; choice++)
        {
            var chunks = events.Select(e => e.GetProperty("choices").EnumerateArray().Single()).Where(c => c.GetProperty("index").GetInt32() == choice).ToList();
            var entries = chunks
                .Where(c => c.GetProperty("delta").TryGetProperty("tool_calls", out _))
                .Select(c => c.GetProperty("delta").GetProperty("tool_calls").EnumerateArray().Should().ContainSingle().Subject)
                .ToList();
            var positions = entries.Select(e => e.GetProperty("index").GetInt32()).ToList();
            positions.Should().BeInAscendingOrder().And.StartWith(0);
            positions.Distinct().Should().Equal(Enumerable.Range(0, positions.Max() + 1));
            var started = new HashSet<int>();
            foreach (var entry in entries)
            {
                var first = started.Add(entry.GetProperty("index").GetInt32());
                entry.TryGetProperty("id", out var id).Should().Be(first);
                entry.GetProperty("function").TryGetProperty("name", out _).Should().Be(first);
                if (first)
                {
                    entry.GetProperty("type").GetString().Should().Be("function");
                    ids.Add(id.GetString()!);
                }
            }

            chunks.Last().GetProperty("finish_reason").GetString().Should().Be("tool_calls");
            several |= positions.Max() > 0;
        }

        ids.Should().OnlyHaveUniqueItems().And.OnlyContain(id => id.StartsWith("call_"));
        several.Should().BeTrue("one of the three choices makes several calls");
    }
}
