using Sluice.Bench.Datasets;
using Sluice.Bench.Spec;

namespace Sluice.Bench.Tests.Datasets;

public sealed class PromptFileReaderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"sluice-bench-{Guid.NewGuid():N}");

    public PromptFileReaderTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ShareGPT_array_takes_the_first_human_turn_and_the_reply()
    {
        var path = Write("sharegpt.json", """
            [
              {"id":"a","conversations":[{"from":"system","value":"sys"},{"from":"human","value":"What is 2+2?"},{"from":"gpt","value":"It is four, of course."}]},
              {"id":"b","conversations":[{"from":"gpt","value":"orphan"}]},
              {"id":"c","conversations":[{"role":"user","content":"Hi"}]}
            ]
            """);

        PromptFileReader.Read(path).Should().Equal(new FileEntry("What is 2+2?", "It is four, of course."), new FileEntry("Hi", null));
    }

    [Fact]
    public void Dolly_jsonl_joins_instruction_and_context()
    {
        var path = Write("dolly.jsonl", """
            {"instruction":"Summarize.","context":"A long text.","response":"Short.","category":"summarization"}

            {"instruction":"Name a color.","context":"","response":"Blue"}
            {"prompt":"Plain prompt","completion":"done"}
            """);

        PromptFileReader.Read(path).Should().Equal(
            new FileEntry("Summarize.\n\nA long text.", "Short."),
            new FileEntry("Name a color.", "Blue"),
            new FileEntry("Plain prompt", "done"));
    }

    [Theory]
    [InlineData("bad.jsonl", "{\"prompt\":\"ok\"}\n{broken", "bad.jsonl: line 2: not valid JSON*")]
    [InlineData("empty.jsonl", "{\"other\":1}\n", "*no usable prompts*")]
    [InlineData("obj.json", "[1, 2]", "*no usable prompts*")]
    public void Bad_files_give_clear_errors(string name, string content, string expectedMessage)
    {
        var path = Write(name, content);

        ((Action)(() => PromptFileReader.Read(path))).Should().Throw<InvalidDataException>().WithMessage("*" + expectedMessage);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        ((Action)(() => PromptFileReader.Read(Path.Combine(_directory, "nope.json")))).Should().Throw<FileNotFoundException>().WithMessage("*nope.json*");
    }

    [Fact]
    public void File_prompts_take_output_length_from_the_reference_unless_fixed()
    {
        var path = Write("p.jsonl", "{\"prompt\":\"abcdefgh\",\"response\":\"" + new string('x', 40) + "\"}\n{\"prompt\":\"abcd\"}\n");
        var fromReference = PromptSources.Create(new DatasetSpec { Kind = DatasetKind.File, Path = path, OutputTokens = null }, seed: 0);
        var fixedLength = PromptSources.Create(new DatasetSpec { Kind = DatasetKind.File, Path = path, OutputTokens = 7, SystemPrompt = "1234" }, seed: 0);

        var prompts = Enumerable.Range(0, 2).Select(fromReference.Get).ToDictionary(p => p.Text);
        prompts["abcdefgh"].Should().Be(new BenchPrompt("abcdefgh", 2, 10)); // 8 chars ≈ 2 tokens; 40 chars ≈ 10
        prompts["abcd"].MaxOutputTokens.Should().Be(FilePrompts.DefaultOutputTokens);
        fixedLength.Get(0).MaxOutputTokens.Should().Be(7);
        fixedLength.Get(0).ApproxInputTokens.Should().Be(TokenEstimateOf(fixedLength.Get(0).Text) + 1, "the 4-char system prompt adds 1");
        fixedLength.SystemPrompt.Should().Be("1234");
        fromReference.Get(2).Should().Be(fromReference.Get(0), "the shuffled order repeats");
    }

    private static int TokenEstimateOf(string text) => TokenEstimate.FromText(text);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
