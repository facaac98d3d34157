using System.Text;

namespace Sluice.Engine.Model.Tokenization;

/// <summary>
/// Tokenizer for dummy models: ids 0–255 are the UTF-8 bytes of the text, 256 is &lt;s&gt; (BOS), 257 is
/// &lt;/s&gt; (EOS), 258 is &lt;pad&gt;. Special-token text in the input is encoded as plain bytes. Ids from 259
/// up to <see cref="VocabSize"/> decode as the byte <c>id % 256</c>, so a random-weight model with a large
/// vocabulary still produces visible text. Invalid UTF-8 decodes to U+FFFD. Thread-safe.
/// </summary>
public sealed class ByteTokenizer : ITokenizer
{
    /// <summary>Id of &lt;s&gt;.</summary>
    public const int BosId = 256;

    /// <summary>Id of &lt;/s&gt;.</summary>
    public const int EosId = 257;

    /// <summary>Id of &lt;pad&gt;.</summary>
    public const int PadId = 258;

    /// <summary>Number of ids the tokenizer itself defines.</summary>
    public const int BaseVocabSize = 259;

    private static readonly string[] SpecialText = ["<s>", "</s>", "<pad>"];

    /// <param name="vocabSize">Rows of the model's logits; at least <see cref="BaseVocabSize"/> is used.</param>
    public ByteTokenizer(int vocabSize = BaseVocabSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(vocabSize);
        VocabSize = Math.Max(vocabSize, BaseVocabSize);
    }

    /// <inheritdoc/>
    public int VocabSize { get; }

    /// <inheritdoc/>
    public int? BosTokenId => BosId;

    /// <inheritdoc/>
    public IReadOnlyList<int> EosTokenIds { get; } = [EosId];

    /// <inheritdoc/>
    public int[] Encode(string text, bool addSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        var offset = addSpecialTokens ? 1 : 0;
        var ids = new int[bytes.Length + offset];
        if (addSpecialTokens)
        {
            ids[0] = BosId;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            ids[i + offset] = bytes[i];
        }

        return ids;
    }

    /// <inheritdoc/>
    public byte[]? TokenBytes(int id) => id switch
    {
        >= 0 and < 256 => [(byte)id],
        >= BaseVocabSize when id < VocabSize => [(byte)(id % 256)],
        _ => null,
    };

    /// <inheritdoc/>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        var pending = new List<byte>();
        foreach (var id in ids)
        {
            if (id < 0 || id >= VocabSize)
            {
                continue;
            }

            if (id is >= BosId and < BaseVocabSize)
            {
                Flush(pending, text);
                if (!skipSpecialTokens)
                {
                    text.Append(SpecialText[id - BosId]);
                }

                continue;
            }

            pending.Add((byte)(id % 256));
        }

        Flush(pending, text);
        return text.ToString();
    }

    private static void Flush(List<byte> pending, StringBuilder text)
    {
        text.Append(Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pending)));
        pending.Clear();
    }
}
