namespace Sluice.Engine.Model.Tokenization.PreTokenizers;

/// <summary>Applies pre-tokenizers in order, each to every piece the previous one produced.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> steps) : IPreTokenizer
{
    public void PreTokenize(PreToken piece, List<PreToken> output)
    {
        var current = new List<PreToken> { piece };
        var next = new List<PreToken>();
        foreach (var step in steps)
        {
            next.Clear();
            foreach (var p in current)
            {
                step.PreTokenize(p, next);
            }

            (current, next) = (next, current);
        }

        output.AddRange(current);
    }
}
