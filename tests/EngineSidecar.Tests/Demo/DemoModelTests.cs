using System.Text.Json;
using Sluice.Engine.Compute;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Demo;

/// <summary>
/// models/demo must keep answering as it did when it was trained: the engine's tokenizer, chat template
/// and greedy continuation equal what transformers recorded in models/demo/reference.json.
/// </summary>
public sealed class DemoModelTests : IClassFixture<DemoModelTests.Loaded>
{
    private readonly Loaded _loaded;

    public DemoModelTests(Loaded loaded) => _loaded = loaded;

    /// <summary>The demo model, loaded once for the class.</summary>
    public sealed class Loaded : IDisposable
    {
        public Loaded()
        {
            Directory = DemoModel.Directory();
            Model = ModelLoader.Load(Directory, servedModelName: null);
            Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "reference.json")));
        }

        public string Directory { get; }

        public LoadedModel Model { get; }

        public JsonDocument Reference { get; }

        public void Dispose()
        {
            Model.Dispose();
            Reference.Dispose();
        }
    }

    private JsonElement Case(string name) =>
        _loaded.Reference.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    [Theory]
    [InlineData("plain-genesis")]
    [InlineData("plain-moses")]
    [InlineData("plain-blessed")]
    [InlineData("chat-shepherd")]
    public void Greedy_continuation_matches_transformers(string name)
    {
        var c = Case(name);
        var expectedPrompt = Ints(c.GetProperty("promptIds"));
        var promptText = c.GetProperty("kind").GetString() == "chat"
            ? _loaded.Model.ChatTemplate!.Render(
                c.GetProperty("messages").EnumerateArray().Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList(),
                addGenerationPrompt: true)
            : c.GetProperty("prompt").GetString()!;
        promptText.Should().Be(c.GetProperty("prompt").GetString());

        var promptIds = _loaded.Model.Tokenizer.Encode(promptText, c.GetProperty("addSpecialTokens").GetBoolean());
        promptIds.Should().Equal(expectedPrompt);

        var greedy = c.GetProperty("greedy");
        var expected = Ints(greedy.GetProperty("ids"));
        var actual = GreedyGenerator.Generate(_loaded.Model.Runner, promptIds, expected.Length);
        actual.Should().Equal(expected);
        _loaded.Model.Tokenizer.Decode(actual, skipSpecialTokens: false).Should().Be(greedy.GetProperty("text").GetString());
    }

    [Fact]
    public void Tokenizer_encodings_match_transformers()
    {
        foreach (var t in _loaded.Reference.RootElement.GetProperty("tokenizerCases").EnumerateArray())
        {
            var text = t.GetProperty("text").GetString()!;
            _loaded.Model.Tokenizer.Encode(text, t.GetProperty("addSpecialTokens").GetBoolean())
                .Should().Equal(Ints(t.GetProperty("ids")), $"encoding of {JsonSerializer.Serialize(text)}");
        }
    }
}
