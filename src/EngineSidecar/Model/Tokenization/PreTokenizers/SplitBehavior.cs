namespace Sluice.Engine.Model.Tokenization.PreTokenizers;

/// <summary>What a split does with the delimiters it finds (the <c>tokenizers</c> SplitDelimiterBehavior).</summary>
internal enum SplitBehavior
{
    Removed,
    Isolated,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}
