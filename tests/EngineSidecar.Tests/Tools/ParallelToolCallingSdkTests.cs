using System.Text;
using System.Text.Json;
using Json.Schema;
using OpenAI.Chat;

namespace Sluice.Engine.Tests.Tools;

/// <summary>
/// Parallel tool calls on the demo model through the official OpenAI .NET SDK. The tools are <c>add</c> and <c>now</c>
/// (short calls: the demo model spends about 50 tokens on one, and its context is 512), and the demo model by itself
/// often makes two or three calls in a row before it stops.
/// </summary>
public sealed class ParallelToolCallingSdkTests(ToolServerFixture fixture) : IClassFixture<ToolServerFixture>
{
    private const int Seeds = 6;
    private const int EosTokenId = 1;
    private static readonly List<ChatMessage> Question = [new UserChatMessage("Add 2 and 3.")];

    [Fact]
    public async Task Required_makes_one_or_more_calls_each_valid_with_distinct_ids()
    {
        var counts = new List<int>();
        for (var seed = 0; seed < Seeds; seed++)
        {
            ChatCompletion completion = await fixture.Chat.CompleteChatAsync(Question, Options(ChatToolChoice.CreateRequiredChoice(), seed));

            completion.FinishReason.Should().Be(ChatFinishReason.ToolCalls);
            completion.Content.Should().BeEmpty();
            completion.ToolCalls.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(16);
            completion.ToolCalls.Select(c => c.Id).Should().OnlyHaveUniqueItems().And.OnlyContain(id => id.StartsWith("call_"));
            foreach (var call in completion.ToolCalls)
            {
                call.Kind.Should().Be(ChatToolCallKind.Function);
                ShouldValidate(call.FunctionName, call.FunctionArguments.ToString());
            }

            counts.Add(completion.ToolCalls.Count);
        }

        counts.Should().Contain(c => c >= 2, "the demo model makes several calls for some seeds");
    }

    [Fact]
    public async Task Parallel_tool_calls_false_makes_exactly_one_call_the_first_of_the_parallel_answer()
    {
        var several = 0;
        for (var seed = 0; seed < Seeds; seed++)
        {
            ChatCompletion parallel = await fixture.Chat.CompleteChatAsync(Question, Options(ChatToolChoice.CreateRequiredChoice(), seed));
            var options = Options(ChatToolChoice.CreateRequiredChoice(), seed);
            options.AllowParallelToolCalls = false;
            options.LogitBiases.Add(EosTokenId, -100);

            ChatCompletion single = await fixture.Chat.CompleteChatAsync(Question, options);

            single.FinishReason.Should().Be(ChatFinishReason.ToolCalls, "end-of-sequence is the only token after the call, whatever its bias");
            var call = single.ToolCalls.Should().ContainSingle().Subject;
            (call.FunctionName, call.FunctionArguments.ToString()).Should().Be((parallel.ToolCalls[0].FunctionName, parallel.ToolCalls[0].FunctionArguments.ToString()));
            several += parallel.ToolCalls.Count > 1 ? 1 : 0;
        }

        several.Should().BeGreaterThan(0, "some of these seeds make several calls when parallel calls are allowed");
    }

    [Fact]
    public async Task A_named_function_is_called_once_even_with_parallel_calls()
    {
        for (var seed = 0; seed < 3; seed++)
        {
            var options = Options(ChatToolChoice.CreateFunctionChoice("now"), seed);
            options.AllowParallelToolCalls = true;
            options.LogitBiases.Add(EosTokenId, -100);

            ChatCompletion completion = await fixture.Chat.CompleteChatAsync(Question, options);

            completion.FinishReason.Should().Be(ChatFinishReason.ToolCalls);
            completion.ToolCalls.Should().ContainSingle().Which.FunctionName.Should().Be("now");
        }
    }

    [Fact]
    public async Task Streamed_calls_arrive_at_indexes_0_1_2_and_assemble_into_the_non_streamed_answer()
    {
        var streamedSeveral = false;
        for (var seed = 0; seed < Seeds; seed++)
        {
            ChatCompletion whole = await fixture.Chat.CompleteChatAsync(Question, Options(ChatToolChoice.CreateRequiredChoice(), seed));
            var streamed = await StreamAsync(Options(ChatToolChoice.CreateRequiredChoice(), seed));

            streamed.Finish.Should().Be(ChatFinishReason.ToolCalls);
            streamed.Content.Should().BeEmpty();
            streamed.Calls.Select(c => (c.Name, c.Arguments)).Should().Equal(whole.ToolCalls.Select(c => (c.FunctionName, c.FunctionArguments.ToString())));
            streamed.Calls.Select(c => c.Id).Should().OnlyHaveUniqueItems().And.OnlyContain(id => id.StartsWith("call_"));
            streamedSeveral |= streamed.Calls.Count > 1;
        }

        streamedSeveral.Should().BeTrue("some seeds stream several calls");
    }

    [Fact]
    public async Task A_second_call_cut_by_max_tokens_keeps_the_first_and_returns_the_second_as_generated()
    {
        // Where the calls end, from the tokens of an uncut answer of the same seed (sampling is seeded per request).
        var options = Options(ChatToolChoice.CreateRequiredChoice(), seed: 0);
        options.IncludeLogProbabilities = true;
        options.LogitBiases.Add(EosTokenId, -100);
        ChatCompletion whole = await fixture.Chat.CompleteChatAsync(Question, options);
        whole.ToolCalls.Should().HaveCountGreaterThanOrEqualTo(2);
        var tokens = whole.ContentTokenLogProbabilities.Select(t => t.Token).ToList();
        var firstCallEnd = TokensUntil(tokens, "</tool_call>", 1);
        var secondHeaderEnd = TokensUntil(tokens, "\"arguments\":", 2);

        var inArguments = Options(ChatToolChoice.CreateRequiredChoice(), seed: 0);
        inArguments.LogitBiases.Add(EosTokenId, -100);
        inArguments.MaxOutputTokenCount = secondHeaderEnd + 2;
        ChatCompletion cut = await fixture.Chat.CompleteChatAsync(Question, inArguments);
        var streamed = await StreamAsync(inArguments);

        cut.FinishReason.Should().Be(ChatFinishReason.Length);
        cut.Content.Should().BeEmpty();
        cut.ToolCalls.Should().HaveCount(2);
        (cut.ToolCalls[0].FunctionName, cut.ToolCalls[0].FunctionArguments.ToString()).Should().Be((whole.ToolCalls[0].FunctionName, whole.ToolCalls[0].FunctionArguments.ToString()));
        cut.ToolCalls[1].FunctionName.Should().Be(whole.ToolCalls[1].FunctionName);
        var partial = cut.ToolCalls[1].FunctionArguments.ToString();
        partial.Should().NotBeEmpty().And.StartWith("{");
        whole.ToolCalls[1].FunctionArguments.ToString().Should().StartWith(partial).And.NotBe(partial, "the second call's arguments are returned as far as they were generated");
        streamed.Finish.Should().Be(ChatFinishReason.Length);
        streamed.Calls.Select(c => (c.Name, c.Arguments)).Should().Equal(cut.ToolCalls.Select(c => (c.FunctionName, c.FunctionArguments.ToString())));

        var inHeader = Options(ChatToolChoice.CreateRequiredChoice(), seed: 0);
        inHeader.LogitBiases.Add(EosTokenId, -100);
        inHeader.MaxOutputTokenCount = firstCallEnd + 3;
        ChatCompletion early = await fixture.Chat.CompleteChatAsync(Question, inHeader);

        early.FinishReason.Should().Be(ChatFinishReason.Length);
        early.ToolCalls.Should().ContainSingle().Which.FunctionArguments.ToString().Should().Be(whole.ToolCalls[0].FunctionArguments.ToString());
        var generated = string.Concat(tokens.Take(inHeader.MaxOutputTokenCount.Value));
        var rest = early.Content.Should().ContainSingle().Subject.Text;
        rest.Should().Be(generated[(generated.IndexOf("</tool_call>", StringComparison.Ordinal) + "</tool_call>".Length)..], "a call header without its name is returned as content");
        ("\n<tool_call>\n{\"name\":\"" + whole.ToolCalls[1].FunctionName).Should().StartWith(rest);
        var earlyStreamed = await StreamAsync(inHeader);
        earlyStreamed.Finish.Should().Be(ChatFinishReason.Length);
        earlyStreamed.Content.Should().Be(rest);
        earlyStreamed.Calls.Should().ContainSingle().Which.Arguments.Should().Be(whole.ToolCalls[0].FunctionArguments.ToString());
    }

    [Fact]
    public async Task A_conversation_with_several_calls_and_their_results_reaches_the_template_whole()
    {
        List<ChatMessage> messages =
        [
            new UserChatMessage("Add 2 and 3."),
            new AssistantChatMessage(
            [
                ChatToolCall.CreateFunctionToolCall("call_1", "add", BinaryData.FromString("""{"a":2,"b":3}""")),
                ChatToolCall.CreateFunctionToolCall("call_2", "now", BinaryData.FromString("""{"tz":"utc"}""")),
            ]),
            new ToolChatMessage("call_1", "5"),
            new ToolChatMessage("call_2", "12:00"),
        ];
        var options = Options(ChatToolChoice.CreateAutoChoice(), seed: 1);
        options.MaxOutputTokenCount = 2;

        ChatCompletion completion = await fixture.Chat.CompleteChatAsync(messages, options);

        var template = Sluice.Engine.Model.Templates.JinjaChatTemplate.FromTokenizerConfig(ToolServerFixture.TemplateDirectory())!;
        var rendered = template.Render(
            [
                new("user", "Add 2 and 3."),
                new("assistant", string.Empty, [new("call_1", "add", """{"a":2,"b":3}"""), new("call_2", "now", """{"tz":"utc"}""")]),
                new("tool", "5", ToolCallId: "call_1"),
                new("tool", "12:00", ToolCallId: "call_2"),
            ],
            addGenerationPrompt: true,
            [new("add", null, ToolSchemas.Add), new("now", null, ToolSchemas.Now)]);
        rendered.Should().Contain("</tool_call>\n<tool_call>\n{\"name\": \"now\"").And.Contain("5\n</tool_response>\n<tool_response>\n12:00");
        completion.Usage.InputTokenCount.Should().Be(fixture.Tokenizer.Encode(rendered, addSpecialTokens: false).Length, "both calls and both results are rendered");
    }

    private async Task<(List<(string Id, string Name, string Arguments)> Calls, string Content, ChatFinishReason? Finish)> StreamAsync(ChatCompletionOptions options)
    {
        var calls = new List<(string Id, string Name, StringBuilder Arguments)>();
        var content = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in fixture.Chat.CompleteChatStreamingAsync(Question, options))
        {
            content.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
            foreach (var toolUpdate in update.ToolCallUpdates)
            {
                if (toolUpdate.Index == calls.Count)
                {
                    toolUpdate.ToolCallId.Should().NotBeNull("a call's first delta carries its id");
                    toolUpdate.FunctionName.Should().NotBeNull("and its name");
                    calls.Add((toolUpdate.ToolCallId, toolUpdate.FunctionName, new StringBuilder()));
                }
                else
                {
                    toolUpdate.Index.Should().Be(calls.Count - 1, "deltas of a call come before the next call starts");
                    toolUpdate.ToolCallId.Should().BeNull();
                    toolUpdate.FunctionName.Should().BeNull();
                }

                calls[toolUpdate.Index].Arguments.Append(toolUpdate.FunctionArgumentsUpdate?.ToString());
            }

            finish = update.FinishReason ?? finish;
        }

        return ([.. calls.Select(c => (c.Id, c.Name, c.Arguments.ToString()))], content.ToString(), finish);
    }

    // The number of tokens after which the text holds `occurrence` copies of `text`.
    private static int TokensUntil(List<string> tokens, string text, int occurrence)
    {
        var seen = new StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            seen.Append(tokens[i]);
            var count = 0;
            for (var at = seen.ToString().IndexOf(text, StringComparison.Ordinal); at >= 0; at = seen.ToString().IndexOf(text, at + 1, StringComparison.Ordinal))
            {
                count++;
            }

            if (count == occurrence)
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"'{text}' does not occur {occurrence} times in {seen}");
    }

    private static ChatCompletionOptions Options(ChatToolChoice choice, int seed)
    {
        var options = new ChatCompletionOptions { Temperature = 1f, ToolChoice = choice };
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK.
        options.Seed = seed;
#pragma warning restore OPENAI001
        options.Tools.Add(ChatTool.CreateFunctionTool("add", null, BinaryData.FromString(ToolSchemas.Add)));
        options.Tools.Add(ChatTool.CreateFunctionTool("now", null, BinaryData.FromString(ToolSchemas.Now)));
        return options;
    }

    private static void ShouldValidate(string name, string arguments)
    {
        using var document = JsonDocument.Parse(arguments);
        JsonSchema.FromText(ToolSchemas.For(name)).Evaluate(document.RootElement).IsValid.Should().BeTrue($"{name} {arguments}");
    }
}
