using System.Globalization;
using System.Text;

namespace Sluice.Engine.Model.Tokenization.Decoders;

/// <summary>
/// Turns runs of <c>&lt;0xNN&gt;</c> tokens into the text their bytes spell; an invalid UTF-8 run gives one
/// U+FFFD per byte, as the <c>tokenizers</c> ByteFallback decoder does.
/// </summary>
internal sealed class ByteFallbackDecoder : ITokenDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public List<string> DecodeChain(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        var pending = new List<byte>();
        foreach (var token in tokens)
        {
            if (TryParseByteToken(token, out var value))
            {
                pending.Add(value);
                continue;
            }

            Flush(pending, output);
            output.Add(token);
        }

        Flush(pending, output);
        return output;
    }

    /// <summary>True for tokens of the exact form &lt;0xNN&gt;.</summary>
    public static bool TryParseByteToken(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
    }

    private static void Flush(List<byte> pending, List<string> output)
    {
        if (pending.Count == 0)
        {
            return;
        }

        try
        {
            output.Add(StrictUtf8.GetString(pending.ToArray()));
        }
        catch (DecoderFallbackException)
        {
            for (var i = 0; i < pending.Count; i++)
            {
                output.Add("\uFFFD");
            }
        }

        pending.Clear();
    }
}
