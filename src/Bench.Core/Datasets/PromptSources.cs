using Sluice.Bench.Spec;

namespace Sluice.Bench.Datasets;

/// <summary>Builds the <see cref="IPromptSource"/> a <see cref="DatasetSpec"/> describes.</summary>
public static class PromptSources
{
    /// <summary>
    /// The prompt source for <paramref name="dataset"/>. File datasets are read here, so a missing or
    /// malformed file fails before any request is sent (see <see cref="PromptFileReader.Read"/>).
    /// </summary>
    public static IPromptSource Create(DatasetSpec dataset, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var (systemPrompt, systemPromptTokens) = SharedSystemPrompt(dataset, seed);
        return dataset.Kind switch
        {
            DatasetKind.Random => new RandomWordPrompts(
                seed, dataset.InputTokens, dataset.OutputTokens ?? FilePrompts.DefaultOutputTokens, systemPrompt, systemPromptTokens),
            DatasetKind.File => new FilePrompts(
                PromptFileReader.Read(dataset.Path ?? ""), seed, dataset.OutputTokens, systemPrompt, systemPromptTokens),
            _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset.Kind, "unknown dataset kind"),
        };
    }

    private static (string? Text, int Tokens) SharedSystemPrompt(DatasetSpec dataset, int seed)
    {
        if (dataset.SystemPrompt is { } text)
        {
            return (text, TokenEstimate.FromText(text));
        }

        if (dataset.SystemPromptTokens > 0)
        {
            var random = new Random(unchecked((seed * 7_919) - 1));
            return (WordList.RandomText(random, dataset.SystemPromptTokens), dataset.SystemPromptTokens);
        }

        return (null, 0);
    }
}
