namespace Sluice.Engine.Model.Tokenization.Unicode;

/// <summary>
/// GPT-2's reversible byte ↔ printable character mapping: printable Latin-1 bytes map to themselves,
/// the other 68 bytes to U+0100 and up, so every byte sequence becomes visible text.
/// </summary>
internal static class ByteLevelAlphabet
{
    /// <summary>Character standing for each byte value.</summary>
    public static readonly char[] ByteToChar = BuildByteToChar();

    private static readonly short[] CharToByteTable = BuildCharToByte();

    /// <summary>True when <paramref name="c"/> stands for a byte, returned in <paramref name="value"/>.</summary>
    public static bool TryGetByte(char c, out byte value)
    {
        if (c < CharToByteTable.Length && CharToByteTable[c] >= 0)
        {
            value = (byte)CharToByteTable[c];
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Maps the UTF-8 bytes of <paramref name="text"/> to their stand-in characters.</summary>
    public static string Encode(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = ByteToChar[source[i]];
            }
        });
    }

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }

    private static short[] BuildCharToByte()
    {
        var table = new short[512];
        Array.Fill(table, (short)-1);
        for (var b = 0; b < 256; b++)
        {
            table[ByteToChar[b]] = (short)b;
        }

        return table;
    }
}
