namespace Sluice.Engine.Model.Tokenization.PostProcessors;

/// <summary>Adds a model's special tokens (BOS, CLS/SEP…) around one encoded sequence.</summary>
internal interface IPostProcessor
{
    /// <summary>The ids with the special tokens added.</summary>
    List<int> AddSpecialTokens(List<int> ids);
}
