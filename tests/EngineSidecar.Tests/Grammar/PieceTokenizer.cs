using System.Text;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Grammar;

/// <summary>
/// Test vocabulary of every single byte plus multi-byte JSON pieces (so the vocabulary trie branches and tokens cross
/// grammar boundaries, like <c>":</c> or <c>},{</c>); the last id is EOS. Encoding is not needed by these tests.
/// </summary>
public sealed class PieceTokenizer : ITokenizer
{
    private static readonly string[] Pieces =
    [
        "{\"", "\":", "\",\"", "\"}", "},{", "}]", "[{", "[\"", "\"]", "true", "false", "null", "tr", "ue", "12", "3.5", "e+1", "-0",
        "\"a", "ab", "name", "age", "tags", "\\n", "\\u00e9", "é", "日本", ",\"", "\":\"", "]}", "}}", "  ", " ", "\n",
    ];

    private readonly List<byte[]> _bytes;

    public PieceTokenizer()
    {
        _bytes = [.. Enumerable.Range(0, 256).Select(b => new[] { (byte)b })];
        _bytes.AddRange(Pieces.Select(Encoding.UTF8.GetBytes));
        EosTokenIds = [_bytes.Count];
    }

    public int VocabSize => _bytes.Count + 1;

    public int? BosTokenId => null;

    public IReadOnlyList<int> EosTokenIds { get; }

    public int[] Encode(string text, bool addSpecialTokens) => [.. Encoding.UTF8.GetBytes(text).Select(b => (int)b)];

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens) =>
        Encoding.UTF8.GetString([.. ids.Where(id => id < _bytes.Count).SelectMany(id => _bytes[id])]);

    public byte[]? TokenBytes(int id) => id < _bytes.Count ? _bytes[id] : null;
}
