namespace Sluice.Engine.Model.Tokenization.PostProcessors;

/// <summary>Runs post-processors one after another.</summary>
internal sealed class SequencePostProcessor(IReadOnlyList<IPostProcessor> steps) : IPostProcessor
{
    public List<int> AddSpecialTokens(List<int> ids)
    {
        foreach (var step in steps)
        {
            ids = step.AddSpecialTokens(ids);
        }

        return ids;
    }
}
