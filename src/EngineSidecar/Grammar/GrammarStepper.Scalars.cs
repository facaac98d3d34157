namespace Sluice.Engine.Grammar;

/// <summary>Numbers and strings.</summary>
public static partial class GrammarStepper
{
    // Number phases: 0 start, 1 after '-', 2 after a leading 0, 3 integer digits, 4 after '.', 5 fraction digits,
    // 6 after 'e', 7 after the exponent sign, 8 exponent digits. Count = digits of the current run. Complete in 2, 3, 5, 8.
    private static StepResult StepNumber(NumberNode number, GrammarFrame f, byte b, out GrammarFrame? next)
    {
        var digit = b is >= (byte)'0' and <= (byte)'9';
        var fractionAllowed = !number.Integer;
        (int Phase, int Count)? to = (f.Phase, b) switch
        {
            (0, (byte)'-') => (1, 0),
            (0 or 1, (byte)'0') => (2, 1),
            (0 or 1, _) when digit => (3, 1),
            (3, _) when digit && f.Count < NumberNode.MaxIntegerDigits => (3, f.Count + 1),
            (2 or 3, (byte)'.') when fractionAllowed => (4, 0),
            (2 or 3 or 5, (byte)'e' or (byte)'E') when fractionAllowed => (6, 0),
            (4, _) when digit => (5, 1),
            (5, _) when digit && f.Count < NumberNode.MaxFractionDigits => (5, f.Count + 1),
            (6, (byte)'+' or (byte)'-') => (7, 0),
            (6 or 7, _) when digit => (8, 1),
            (8, _) when digit && f.Count < NumberNode.MaxExponentDigits => (8, f.Count + 1),
            _ => null,
        };
        if (to is { } target)
        {
            return Consumed(f with { Phase = target.Phase, Count = target.Count }, out next);
        }

        next = null;
        return IsImplicitlyComplete(f) ? StepResult.EndedBefore : StepResult.Dead;
    }

    // String phases: 0 before the opening quote, 1 in the text, 2 after a backslash, 3 in \uXXXX (Aux = hex digits left),
    // 4 in a UTF-8 sequence (Aux = continuation bytes left; Alive = lowest | highest allowed next byte << 8).
    // Count = characters so far (a character counts when it starts), saturating at the minimum when there is no maximum.
    private static StepResult StepString(StringNode text, GrammarFrame f, byte b, out GrammarFrame? next)
    {
        var room = f.Count < text.MaxLength;
        switch (f.Phase)
        {
            case 0:
                return b == (byte)'"' ? Consumed(f with { Phase = 1 }, out next) : Fail(out next);
            case 1:
                if (b == (byte)'"')
                {
                    return f.Count >= text.MinLength ? Consumed(f.Parent, out next) : Fail(out next);
                }

                if (!room || b < 0x20 || b == 0x7F)
                {
                    return Fail(out next);
                }

                if (b == (byte)'\\')
                {
                    return Consumed(f with { Phase = 2, Count = CountedUp(f.Count, text.MinLength, text.MaxLength) }, out next);
                }

                if (b < 0x80)
                {
                    return Consumed(f with { Count = CountedUp(f.Count, text.MinLength, text.MaxLength) }, out next);
                }

                return Utf8Lead(b) is { } lead
                    ? Consumed(f with { Phase = 4, Count = CountedUp(f.Count, text.MinLength, text.MaxLength), Aux = lead.Continuations, Alive = lead.Low | ((ulong)lead.High << 8) }, out next)
                    : Fail(out next);
            case 2:
                if (b == (byte)'u')
                {
                    return Consumed(f with { Phase = 3, Aux = 4 }, out next);
                }

                return b is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t'
                    ? Consumed(f with { Phase = 1 }, out next)
                    : Fail(out next);
            case 3:
                if (!Uri.IsHexDigit((char)b))
                {
                    return Fail(out next);
                }

                return Consumed(f.Aux == 1 ? f with { Phase = 1, Aux = 0 } : f with { Aux = f.Aux - 1 }, out next);
            default:
                var low = (byte)(f.Alive & 0xFF);
                var high = (byte)(f.Alive >> 8);
                if (b < low || b > high)
                {
                    return Fail(out next);
                }

                return Consumed(f.Aux == 1 ? f with { Phase = 1, Aux = 0, Alive = 0 } : f with { Aux = f.Aux - 1, Alive = 0x80 | (0xBFUL << 8) }, out next);
        }
    }

    // Well-formed UTF-8 (RFC 3629): continuation count and the range of the first continuation byte.
    private static (int Continuations, byte Low, byte High)? Utf8Lead(byte b) => b switch
    {
        >= 0xC2 and <= 0xDF => (1, 0x80, 0xBF),
        0xE0 => (2, 0xA0, 0xBF),
        >= 0xE1 and <= 0xEC or 0xEE or 0xEF => (2, 0x80, 0xBF),
        0xED => (2, 0x80, 0x9F),
        0xF0 => (3, 0x90, 0xBF),
        >= 0xF1 and <= 0xF3 => (3, 0x80, 0xBF),
        0xF4 => (3, 0x80, 0x8F),
        _ => null,
    };
}
