using System.Globalization;
using System.Text;

namespace Sluice.Engine.Model.Tokenization.Unicode;

/// <summary>
/// Unicode NFC and NFD from an embedded table (nfc-table.txt, made by tools/golden/make_nfc_table.py),
/// because string.Normalize is unavailable under invariant globalization.
/// </summary>
internal static class CanonicalNormalizer
{
    private const string ResourceName = "Sluice.Engine.nfc-table.txt";
    private const int HangulSBase = 0xAC00, HangulLBase = 0x1100, HangulVBase = 0x1161, HangulTBase = 0x11A7;
    private const int HangulLCount = 19, HangulVCount = 21, HangulTCount = 28, HangulNCount = HangulVCount * HangulTCount;
    private const int HangulSCount = HangulLCount * HangulNCount;

    private static readonly Lazy<Tables> Data = new(LoadTables);

    /// <summary>Canonical composition (NFC) of <paramref name="text"/>.</summary>
    public static string ToNfc(string text)
    {
        if (IsBelowCombiningRange(text))
        {
            return text;
        }

        var tables = Data.Value;
        if (IsStableUnderNfc(tables, text))
        {
            return text;
        }

        var decomposed = Decompose(text);
        var result = new List<int>(decomposed.Count);
        var starterIndex = -1;
        var lastClass = -1; // class of the last character appended after the starter; -1 when none
        foreach (var cp in decomposed)
        {
            var cls = tables.CombiningClass(cp);
            if (starterIndex >= 0 && (lastClass == -1 || (lastClass != 0 && lastClass < cls))
                && TryCompose(tables, result[starterIndex], cp, out var composite))
            {
                result[starterIndex] = composite;
                continue;
            }

            if (cls == 0)
            {
                starterIndex = result.Count;
                lastClass = -1;
            }
            else
            {
                lastClass = cls;
            }

            result.Add(cp);
        }

        return FromCodePoints(result);
    }

    /// <summary>Canonical decomposition (NFD) of <paramref name="text"/>.</summary>
    public static string ToNfd(string text) => IsAscii(text) ? text : FromCodePoints(Decompose(text));

    private static List<int> Decompose(string text)
    {
        var tables = Data.Value;
        var output = new List<int>(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            int cp = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            AppendDecomposition(tables, cp, output);
        }

        // Canonical ordering: stable sort of each run of non-starters by combining class.
        for (var i = 1; i < output.Count; i++)
        {
            var cls = tables.CombiningClass(output[i]);
            if (cls == 0)
            {
                continue;
            }

            for (var j = i; j > 0; j--)
            {
                var previousClass = tables.CombiningClass(output[j - 1]);
                if (previousClass == 0 || previousClass <= cls)
                {
                    break;
                }

                (output[j - 1], output[j]) = (output[j], output[j - 1]);
            }
        }

        return output;
    }

    private static void AppendDecomposition(Tables tables, int cp, List<int> output)
    {
        var s = cp - HangulSBase;
        if (s is >= 0 and < HangulSCount)
        {
            output.Add(HangulLBase + (s / HangulNCount));
            output.Add(HangulVBase + (s % HangulNCount / HangulTCount));
            if (s % HangulTCount != 0)
            {
                output.Add(HangulTBase + (s % HangulTCount));
            }

            return;
        }

        if (tables.Decompositions.TryGetValue(cp, out var parts))
        {
            foreach (var part in parts)
            {
                AppendDecomposition(tables, part, output);
            }

            return;
        }

        output.Add(cp);
    }

    private static bool TryCompose(Tables tables, int first, int second, out int composite)
    {
        var l = first - HangulLBase;
        var v = second - HangulVBase;
        if (l is >= 0 and < HangulLCount && v is >= 0 and < HangulVCount)
        {
            composite = HangulSBase + (((l * HangulVCount) + v) * HangulTCount);
            return true;
        }

        var s = first - HangulSBase;
        var t = second - HangulTBase;
        if (s is >= 0 and < HangulSCount && s % HangulTCount == 0 && t is > 0 and < HangulTCount)
        {
            composite = first + t;
            return true;
        }

        return tables.Compositions.TryGetValue(((long)first << 21) | (uint)second, out composite);
    }

    /// <summary>NFC quick check: no character that NFC could change or that could combine with its predecessor.</summary>
    private static bool IsStableUnderNfc(Tables tables, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            int cp = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(text[i], text[++i]);
            }

            if (tables.IsNfcUnstable(cp))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBelowCombiningRange(string text)
    {
        foreach (var c in text)
        {
            if (c >= '\u0300')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAscii(string text)
    {
        foreach (var c in text)
        {
            if (c >= '\u0080')
            {
                return false;
            }
        }

        return true;
    }

    private static string FromCodePoints(List<int> codePoints)
    {
        var builder = new StringBuilder(codePoints.Count);
        foreach (var cp in codePoints)
        {
            if (cp < 0x10000)
            {
                builder.Append((char)cp);
            }
            else
            {
                builder.Append(char.ConvertFromUtf32(cp));
            }
        }

        return builder.ToString();
    }

    private static Tables LoadTables()
    {
        using var stream = typeof(CanonicalNormalizer).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the engine assembly");
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var tables = new Tables();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split(' ');
            if (fields[0] == "c")
            {
                var cls = byte.Parse(fields[3], CultureInfo.InvariantCulture);
                for (int cp = Hex(fields[1]), last = Hex(fields[2]); cp <= last; cp++)
                {
                    tables.Classes[cp] = cls;
                }

                continue;
            }

            var parts = fields.Skip(2).Select(Hex).ToArray();
            var composite = Hex(fields[1]);
            tables.Decompositions[composite] = parts;
            if (fields[0] == "D")
            {
                tables.Compositions[((long)parts[0] << 21) | (uint)parts[1]] = composite;
                tables.Unstable.Add(parts[1]);
            }
            else
            {
                tables.Unstable.Add(composite);
            }
        }

        tables.Unstable.UnionWith(tables.Classes.Keys);
        for (var cp = HangulVBase; cp < HangulVBase + HangulVCount; cp++)
        {
            tables.Unstable.Add(cp);
        }

        for (var cp = HangulTBase + 1; cp < HangulTBase + HangulTCount; cp++)
        {
            tables.Unstable.Add(cp);
        }

        foreach (var cp in tables.Unstable.Where(cp => cp < 0x10000))
        {
            tables.UnstableBmp[cp] = true;
        }

        return tables;
    }

    private static int Hex(string field) => int.Parse(field, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private sealed class Tables
    {
        public Dictionary<int, byte> Classes { get; } = [];

        public Dictionary<int, int[]> Decompositions { get; } = [];

        public Dictionary<long, int> Compositions { get; } = [];

        /// <summary>Code points NFC may change or combine with a predecessor: non-starters, second halves of compositions, non-composing decompositions.</summary>
        public HashSet<int> Unstable { get; } = [];

        /// <summary><see cref="Unstable"/> for the BMP, as a lookup table.</summary>
        public bool[] UnstableBmp { get; } = new bool[0x10000];

        public bool IsNfcUnstable(int cp) => cp < 0x10000 ? UnstableBmp[cp] : Unstable.Contains(cp);

        public int CombiningClass(int cp) => cp < 0x300 ? 0 : Classes.GetValueOrDefault(cp);
    }
}
