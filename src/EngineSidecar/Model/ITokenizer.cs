namespace Sluice.Engine.Model;

/// <summary>Text ↔ token ids, matching the Hugging Face <c>tokenizers</c> library token for token.</summary>
public interface ITokenizer
{
    /// <summary>Number of token ids, added tokens included.</summary>
    int VocabSize { get; }

    /// <summary>Id of the beginning-of-sequence token, if the model has one.</summary>
    int? BosTokenId { get; }

    /// <summary>Ids that end generation (eos_token_id from the model's generation config, or the tokenizer's eos).</summary>
    IReadOnlyList<int> EosTokenIds { get; }

    /// <summary>Encodes <paramref name="text"/>; with <paramref name="addSpecialTokens"/> the post-processor's tokens (e.g. BOS) are added.</summary>
    int[] Encode(string text, bool addSpecialTokens);

    /// <summary>Decodes <paramref name="ids"/> to text; special tokens are dropped when <paramref name="skipSpecialTokens"/>.</summary>
    string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens);

    /// <summary>
    /// The bytes token <paramref name="id"/> contributes to decoded text, or null for special tokens and ids without text
    /// (constrained decoding walks these). The default decodes the token alone and gives null when that is not whole UTF-8.
    /// </summary>
    byte[]? TokenBytes(int id)
    {
        var text = Decode([id], skipSpecialTokens: true);
        return text.Length == 0 || text.Contains('\uFFFD', StringComparison.Ordinal) ? null : System.Text.Encoding.UTF8.GetBytes(text);
    }
}
