using System.Text;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Fakes;

/// <summary>Byte-level test tokenizer: token id = UTF-8 byte; id 256 is EOS (decoded as "&lt;/s&gt;" unless skipped). No BOS.</summary>
public sealed class ByteTokenizer : ITokenizer
{
    public const int EosId = 256;

    public int VocabSize => 257;

    public int? BosTokenId => null;

    public IReadOnlyList<int> EosTokenIds { get; } = [EosId];

    public int[] Encode(string text, bool addSpecialTokens) => [.. Encoding.UTF8.GetBytes(text).Select(b => (int)b)];

    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens)
    {
        var text = new StringBuilder();
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if (id < 256)
            {
                bytes.Add((byte)id);
                continue;
            }

            text.Append(Encoding.UTF8.GetString([.. bytes]));
            bytes.Clear();
            if (!skipSpecialTokens)
            {
                text.Append("</s>");
            }
        }

        return text.Append(Encoding.UTF8.GetString([.. bytes])).ToString();
    }
}
