namespace Sluice.Engine.Model.Tokenization.PostProcessors;

/// <summary>
/// <c>TemplateProcessing</c> for a single sequence: the template is a list of pieces, each either the
/// sequence itself (null) or the ids of a special token.
/// </summary>
internal sealed class TemplatePostProcessor(IReadOnlyList<int[]?> single) : IPostProcessor
{
    public List<int> AddSpecialTokens(List<int> ids)
    {
        var output = new List<int>(ids.Count + single.Count);
        foreach (var piece in single)
        {
            if (piece is null)
            {
                output.AddRange(ids);
            }
            else
            {
                output.AddRange(piece);
            }
        }

        return output;
    }
}
