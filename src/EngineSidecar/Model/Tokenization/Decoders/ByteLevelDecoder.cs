using System.Text;
using Sluice.Engine.Model.Tokenization.Unicode;

namespace Sluice.Engine.Model.Tokenization.Decoders;

/// <summary>
/// Maps byte-level characters back to bytes across all tokens and decodes them as UTF-8, invalid
/// sequences becoming U+FFFD; a token with a character outside the byte alphabet contributes its own
/// UTF-8 bytes (added tokens with spaces, for instance).
/// </summary>
internal sealed class ByteLevelDecoder : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            var start = bytes.Count;
            var allMapped = true;
            foreach (var c in token)
            {
                if (!ByteLevelAlphabet.TryGetByte(c, out var b))
                {
                    allMapped = false;
                    break;
                }

                bytes.Add(b);
            }

            if (!allMapped)
            {
                bytes.RemoveRange(start, bytes.Count - start);
                bytes.AddRange(Encoding.UTF8.GetBytes(token));
            }
        }

        return [Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes))];
    }
}
