namespace Sluice.Engine.Model.Tokenization.Decoders;

/// <summary>One step of a <c>tokenizers</c> decoder chain: token strings in, token strings out.</summary>
internal interface ITokenDecoder
{
    /// <summary>Transforms the token strings; the final text is the concatenation of the last step's output.</summary>
    List<string> DecodeChain(List<string> tokens);
}
