using System.Text;
using Sluice.Engine.Model.Tokenization;

namespace Sluice.Engine.Cli.Bench;

/// <summary>
/// A stand-in for a large BPE vocabulary, for benchmarking grammar masks on dummy models (whose own tokenizer has one
/// byte per id): ids 0–258 are <see cref="ByteTokenizer"/>'s (bytes, BOS, EOS, pad); every id above is a distinct
/// random piece of 2 to 12 bytes drawn from letters, digits, spaces, JSON punctuation and a few multi-byte characters,
/// so the vocabulary trie has the size and depth of a real one. Encoding is byte-level. Deterministic; thread-safe.
/// </summary>
public sealed class SyntheticWordTokenizer : Model.ITokenizer
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789      _-.,:;\"{}[]'éüß日本";

    private readonly ByteTokenizer _bytes;
    private readonly byte[][] _pieces;

    /// <param name="vocabSize">Ids in all (the model's logits width).</param>
    public SyntheticWordTokenizer(int vocabSize)
    {
        _bytes = new ByteTokenizer(vocabSize);
        VocabSize = _bytes.VocabSize;
        var rng = new Random(20261203);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        _pieces = new byte[VocabSize][];
        for (var id = ByteTokenizer.BaseVocabSize; id < VocabSize; id++)
        {
            string piece;
            do
            {
                var length = 2 + (int)Math.Min(10, -Math.Log(1 - rng.NextDouble()) * 3); // mostly short, like BPE merges
                var text = new StringBuilder(length);
                for (var i = 0; i < length; i++)
                {
                    text.Append(Alphabet[rng.Next(Alphabet.Length)]);
                }

                piece = text.ToString();
            }
            while (!seen.Add(piece));
            _pieces[id] = Encoding.UTF8.GetBytes(piece);
        }
    }

    public int VocabSize { get; }

    public int? BosTokenId => _bytes.BosTokenId;

    public IReadOnlyList<int> EosTokenIds => _bytes.EosTokenIds;

    public int[] Encode(string text, bool addSpecialTokens) => _bytes.Encode(text, addSpecialTokens);

    public byte[]? TokenBytes(int id) => id >= ByteTokenizer.BaseVocabSize && id < VocabSize ? _pieces[id] : _bytes.TokenBytes(id);

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if (id >= 0 && id < VocabSize && TokenBytes(id) is { } piece)
            {
                bytes.AddRange(piece);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
