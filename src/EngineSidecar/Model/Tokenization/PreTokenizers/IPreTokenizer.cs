namespace Sluice.Engine.Model.Tokenization.PreTokenizers;

/// <summary>Splits a normalized piece into words that the model tokenizes independently.</summary>
internal interface IPreTokenizer
{
    /// <summary>Appends the non-empty words of <paramref name="piece"/> to <paramref name="output"/>.</summary>
    void PreTokenize(PreToken piece, List<PreToken> output);
}
