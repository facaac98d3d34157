namespace Sluice.Engine.Grammar;

/// <summary>Wrapped values and free text.</summary>
public static partial class GrammarStepper
{
    // Wrapped phases: 0 before the prefix, 1 in the prefix (Count = bytes matched, Alive = alternatives still matching),
    // 2 in the suffix after the value (Aux = the alternative, Count = suffix bytes matched).
    private static StepResult StepWrapped(WrappedValueNode node, GrammarFrame f, byte b, out GrammarFrame? next)
    {
        if (f.Phase == 2)
        {
            var suffix = node.Alternatives[f.Aux].Suffix;
            if (suffix[f.Count] != b)
            {
                return Fail(out next);
            }

            return f.Count + 1 == suffix.Length ? Consumed(f.Parent, out next) : Consumed(f with { Count = f.Count + 1 }, out next);
        }

        var alive = f.Phase == 0 ? node.AllAlive : f.Alive;
        var pos = f.Count;
        var matching = 0UL;
        for (var i = 0; i < node.Alternatives.Count; i++)
        {
            var prefix = node.Alternatives[i].Prefix;
            if ((alive & (1UL << i)) == 0 || prefix.Length <= pos || prefix[pos] != b)
            {
                continue;
            }

            if (prefix.Length == pos + 1)
            {
                // The prefix set is prefix-free: this alternative is the only one left; its value starts with the next byte.
                var resume = f with { Phase = 2, Count = 0, Aux = i, Alive = 0 };
                return Consumed(GrammarFrame.Start(node.Alternatives[i].Value, resume), out next);
            }

            matching |= 1UL << i;
        }

        return matching != 0 ? Consumed(f with { Phase = 1, Count = pos + 1, Alive = matching }, out next) : Fail(out next);
    }

    // Free text: phase 0 before the first byte (which must be allowed), 1 after it (anything goes).
    private static StepResult StepFreeText(FreeTextNode node, GrammarFrame f, byte b, out GrammarFrame? next)
    {
        if (f.Phase == 1)
        {
            return Consumed(f, out next);
        }

        return node.FirstBytes[b] ? Consumed(f with { Phase = 1 }, out next) : Fail(out next);
    }
}
