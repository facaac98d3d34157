using Sluice.Bench.Datasets;
using Sluice.Bench.Spec;

namespace Sluice.Bench.Tests.Datasets;

public class RandomWordPromptsTests
{
    [Theory]
    [InlineData(128, 128)]
    [InlineData(2048, 128)]
    [InlineData(1, 2048)]
    public void Prompts_have_the_requested_word_count_and_output_length(int inputTokens, int outputTokens)
    {
        var source = PromptSources.Create(new DatasetSpec { InputTokens = inputTokens, OutputTokens = outputTokens }, seed: 1);

        var prompt = source.Get(5);

        prompt.Text.Split(' ').Should().HaveCount(inputTokens).And.OnlyContain(w => WordList.Words.Contains(w));
        prompt.ApproxInputTokens.Should().Be(inputTokens);
        prompt.MaxOutputTokens.Should().Be(outputTokens);
        source.SystemPrompt.Should().BeNull();
    }

    [Fact]
    public void Same_seed_and_index_give_the_same_prompt_and_indexes_differ()
    {
        var a = PromptSources.Create(new DatasetSpec { InputTokens = 64 }, seed: 7);
        var b = PromptSources.Create(new DatasetSpec { InputTokens = 64 }, seed: 7);

        a.Get(3).Should().Be(b.Get(3));
        a.Get(3).Text.Should().NotBe(a.Get(4).Text);
        PromptSources.Create(new DatasetSpec { InputTokens = 64 }, seed: 8).Get(3).Text.Should().NotBe(a.Get(3).Text);
    }

    [Fact]
    public void A_random_system_prompt_is_shared_and_counted()
    {
        var source = PromptSources.Create(new DatasetSpec { InputTokens = 10, SystemPromptTokens = 500 }, seed: 2);

        source.SystemPrompt!.Split(' ').Should().HaveCount(500);
        source.Get(0).ApproxInputTokens.Should().Be(510);
        PromptSources.Create(new DatasetSpec { InputTokens = 10, SystemPromptTokens = 500 }, seed: 2).SystemPrompt.Should().Be(source.SystemPrompt);
    }
}
