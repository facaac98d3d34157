using System.Text;
using System.Text.Json;
using Json.Schema;
using Sluice.Engine.Api.Tools;
using Sluice.Engine.Grammar;
using Sluice.Engine.Model;
using Sluice.Engine.Tests.Tools;

namespace Sluice.Engine.Tests.Grammar;

/// <summary>
/// The parallel tool-call grammar: 1 to 16 calls joined by the syntax's separator (a newline between Hermes blocks,
/// <c>"; "</c> between bare objects), each of an offered function with arguments of its schema.
/// </summary>
public class ParallelToolCallGrammarTests
{
    private const string Weather = "<tool_call>\n{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\",\"unit\":\"c\"}}\n</tool_call>";
    private const string Add = "<tool_call>\n{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":-2}}\n</tool_call>";

    private static readonly (string Name, GrammarNode Arguments)[] Tools =
    [
        ("get_weather", Compile(ToolSchemas.Weather)),
        ("add", Compile(ToolSchemas.Add)),
    ];

    private static readonly PieceTokenizer Tokenizer = new();
    private static readonly VocabTrie Trie = new(Tokenizer, Tokenizer.VocabSize - 1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Calls_one_per_line_are_accepted_and_the_output_may_end_after_each(int count)
    {
        var state = GrammarFrame.Start(Build(ToolChoiceMode.Required, ToolCallSyntax.Hermes), null);
        GrammarStepper.CanEnd(state).Should().BeFalse("required makes at least one call");
        for (var i = 0; i < count; i++)
        {
            var piece = (i == 0 ? string.Empty : "\n") + (i % 2 == 0 ? Weather : Add);
            GrammarStepper.TryFeed(state, Encoding.UTF8.GetBytes(piece), out state).Should().BeTrue(piece);
            GrammarStepper.CanEnd(state).Should().BeTrue($"the output may end after call {i}");
        }
    }

    [Theory]
    [InlineData(Weather + Add)] // no separator
    [InlineData(Weather + "\n\n" + Add)] // two
    [InlineData(Weather + " " + Add)]
    [InlineData(Weather + "\nDone.")] // text after a call
    [InlineData(Weather + "\n<tool_call>\n{\"name\":\"add\",\"arguments\":{\"a\":1}}\n</tool_call>")] // b is required
    public void Anything_else_between_or_in_the_calls_is_refused(string text)
    {
        GrammarStepper.TryFeed(GrammarFrame.Start(Build(ToolChoiceMode.Required, ToolCallSyntax.Hermes), null), Encoding.UTF8.GetBytes(text), out _).Should().BeFalse();
    }

    [Fact]
    public void Bare_json_calls_are_joined_by_a_semicolon_and_a_space()
    {
        var grammar = Build(ToolChoiceMode.Required, ToolCallSyntax.BareJson);
        const string one = "{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}";

        Feed(grammar, one + "; " + one + "; " + one, out var end).Should().BeTrue();
        GrammarStepper.CanEnd(end).Should().BeTrue();
        Feed(grammar, one + ";" + one, out _).Should().BeFalse();
        Feed(grammar, one + "\n" + one, out _).Should().BeFalse();
        Feed(grammar, "[" + one + "]", out _).Should().BeFalse();
    }

    [Fact]
    public void At_most_sixteen_calls_then_only_end_of_sequence()
    {
        var grammar = Build(ToolChoiceMode.Required, ToolCallSyntax.Hermes);
        var sixteen = string.Join("\n", Enumerable.Repeat(Add, ToolCallGrammar.MaxParallelCalls));
        ToolCallGrammar.MaxParallelCalls.Should().Be(16);

        Feed(grammar, sixteen, out var end).Should().BeTrue();
        GrammarStepper.CanEnd(end).Should().BeTrue();
        Feed(grammar, sixteen + "\n", out _).Should().BeFalse("a 17th call cannot start");

        var constraint = new TokenConstraint(grammar, Trie, Tokenizer.EosTokenIds, Tokenizer.VocabSize);
        foreach (var b in Encoding.UTF8.GetBytes(sixteen))
        {
            constraint.Advance(b).Should().BeTrue();
        }

        Allowed(constraint.Mask()).Should().Equal(Tokenizer.EosTokenIds);
    }

    [Fact]
    public void With_one_call_at_most_only_end_of_sequence_follows_it()
    {
        var grammar = ToolCallGrammar.Build(ToolChoiceMode.Required, ToolCallSyntax.Hermes, Tools, maxCalls: 1)!;
        Feed(grammar, Add, out var end).Should().BeTrue();
        end.Should().BeNull();
        Feed(grammar, Add + "\n", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("Sunny, I think.", true)]
    [InlineData(Weather + "\n" + Add, true)]
    [InlineData("<p>", false)]
    public void Auto_allows_free_text_or_several_calls(string text, bool accepted)
    {
        var ok = Feed(Build(ToolChoiceMode.Auto, ToolCallSyntax.Hermes), text, out var end);
        ok.Should().Be(accepted);
        if (accepted)
        {
            GrammarStepper.CanEnd(end).Should().BeTrue();
        }
    }

    public static TheoryData<bool, ToolChoiceMode> Families() => new()
    {
        { true, ToolChoiceMode.Required },
        { true, ToolChoiceMode.Auto },
        { false, ToolChoiceMode.Required },
        { false, ToolChoiceMode.Auto },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void Outputs_sampled_at_temperature_1_over_many_seeds_parse_into_valid_calls(bool hermes, ToolChoiceMode mode)
    {
        var syntax = hermes ? ToolCallSyntax.Hermes : ToolCallSyntax.BareJson;
        var grammar = Build(mode, syntax);
        var plan = new ToolPlan([.. Tools.Select(t => new ChatTool(t.Name, null, null))], mode, [.. Tools.Select(t => t.Name)], syntax, grammar);
        var callCounts = new List<int>();
        for (var seed = 0; seed < 150; seed++)
        {
            // Under auto a call is one first byte among hundreds of free-text ones: every other sample opens the call.
            var opensCall = mode == ToolChoiceMode.Auto && seed % 2 == 0;
            var text = Sample(grammar, new Random(seed), opensCall ? (byte)(hermes ? '<' : '{') : null);
            if (mode == ToolChoiceMode.Auto && !text.StartsWith(hermes ? "<" : "{", StringComparison.Ordinal))
            {
                callCounts.Add(0);
                continue;
            }

            var calls = Parse(text, syntax);
            calls.Count.Should().BeInRange(1, ToolCallGrammar.MaxParallelCalls);
            foreach (var (name, arguments) in calls)
            {
                using var document = JsonDocument.Parse(arguments);
                JsonSchema.FromText(ToolSchemas.For(name)).Evaluate(document.RootElement).IsValid.Should().BeTrue($"{name} {arguments} (seed {seed})");
            }

            var decoder = new ToolCallDecoder(plan);
            decoder.Feed(text).Content.Should().BeEmpty();
            decoder.Finish().Should().BeEmpty();
            decoder.Calls.Select(c => (c.Name, c.Arguments)).Should().Equal(calls, "the decoder splits the output as the grammar made it");
            callCounts.Add(calls.Count);
        }

        callCounts.Should().Contain(c => c >= 2, "several calls are sampled");
        callCounts.Should().Contain(1);
        if (mode == ToolChoiceMode.Auto)
        {
            callCounts.Should().Contain(0, "free text is sampled too");
        }
    }

    // Samples until end-of-sequence at temperature 1 from random logits under the mask, after firstToken when given.
    private static string Sample(GrammarNode grammar, Random random, int? firstToken)
    {
        var constraint = new TokenConstraint(grammar, Trie, Tokenizer.EosTokenIds, Tokenizer.VocabSize);
        var output = new List<int>();
        if (firstToken is { } first)
        {
            constraint.Advance(first).Should().BeTrue();
            output.Add(first);
        }

        var logits = new float[Tokenizer.VocabSize];
        for (var step = 0; step < 20_000; step++)
        {
            for (var id = 0; id < logits.Length; id++)
            {
                logits[id] = (float)(random.NextDouble() * 4);
            }

            constraint.Apply(logits);
            var token = SoftmaxSample(logits, random);
            if (token == Tokenizer.EosTokenIds[0])
            {
                return Tokenizer.Decode(output, true);
            }

            constraint.Advance(token).Should().BeTrue();
            output.Add(token);
        }

        throw new InvalidOperationException("the sample did not end: " + Tokenizer.Decode(output, true));
    }

    private static int SoftmaxSample(float[] logits, Random random)
    {
        var max = logits.Max();
        var weights = logits.Select(l => Math.Exp(l - max)).ToArray();
        var pick = random.NextDouble() * weights.Sum();
        for (var id = 0; id < weights.Length; id++)
        {
            pick -= weights[id];
            if (pick <= 0 && weights[id] > 0)
            {
                return id;
            }
        }

        return Array.FindLastIndex(weights, w => w > 0);
    }

    // Splits the text into calls without the decoder: Hermes blocks one per line (compact JSON has no raw newline), or
    // bare objects read one after another with "; " between them.
    private static List<(string Name, string Arguments)> Parse(string text, ToolCallSyntax syntax)
    {
        var objects = new List<string>();
        if (syntax == ToolCallSyntax.Hermes)
        {
            var lines = text.Split('\n');
            (lines.Length % 3).Should().Be(0, text);
            for (var i = 0; i < lines.Length; i += 3)
            {
                lines[i].Should().Be("<tool_call>");
                lines[i + 2].Should().Be("</tool_call>");
                objects.Add(lines[i + 1]);
            }
        }
        else
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var offset = 0;
            while (true)
            {
                var reader = new Utf8JsonReader(bytes.AsSpan(offset), new JsonReaderOptions { AllowMultipleValues = true });
                JsonDocument.ParseValue(ref reader).Dispose();
                objects.Add(Encoding.UTF8.GetString(bytes, offset, (int)reader.BytesConsumed));
                offset += (int)reader.BytesConsumed;
                if (offset == bytes.Length)
                {
                    break;
                }

                Encoding.UTF8.GetString(bytes, offset, 2).Should().Be("; ", text);
                offset += 2;
            }
        }

        return [.. objects.Select(json =>
        {
            using var call = JsonDocument.Parse(json);
            call.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("name", "arguments");
            return (call.RootElement.GetProperty("name").GetString()!, call.RootElement.GetProperty("arguments").GetRawText());
        })];
    }

    private static GrammarNode Build(ToolChoiceMode mode, ToolCallSyntax syntax) =>
        ToolCallGrammar.Build(mode, syntax, Tools, ToolCallGrammar.MaxParallelCalls)!;

    private static GrammarNode Compile(string schema) => JsonSchemaCompiler.Compile(JsonDocument.Parse(schema).RootElement);

    private static bool Feed(GrammarNode grammar, string text, out GrammarFrame? end) =>
        GrammarStepper.TryFeed(GrammarFrame.Start(grammar, null), Encoding.UTF8.GetBytes(text), out end);

    private static List<int> Allowed(ReadOnlySpan<uint> mask)
    {
        var ids = new List<int>();
        for (var id = 0; id < Tokenizer.VocabSize; id++)
        {
            if ((mask[id >> 5] & (1u << (id & 31))) != 0)
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
