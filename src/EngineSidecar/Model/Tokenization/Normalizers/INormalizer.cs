namespace Sluice.Engine.Model.Tokenization.Normalizers;

/// <summary>Rewrites a piece of input text before pre-tokenization (a <c>tokenizers</c> normalizer).</summary>
internal interface INormalizer
{
    /// <summary>The normalized form of <paramref name="text"/>.</summary>
    string Normalize(string text);
}
