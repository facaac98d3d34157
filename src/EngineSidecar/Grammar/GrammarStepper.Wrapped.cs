namespace Sluice.Engine.Grammar;

/// <summary>Wrapped values, repeats and free text.</summary>
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

    // Repeat phases: 0 before a value, 1 after a value (complete), 2 in the separator (Aux = separator bytes matched).
    // Count = values started.
    private static StepResult StepRepeat(RepeatNode node, GrammarFrame f, byte b, out GrammarFrame? next)
    {
        switch (f.Phase)
        {
            case 0:
                return node.Item.FirstBytes[b] ? StartChild(node.Item, f with { Phase = 1, Count = f.Count + 1 }, b, out next) : Fail(out next);
            case 1 when b != node.Separator[0] || f.Count >= node.MaxCount:
                next = null;
                return StepResult.EndedBefore;
            default:
                var matched = f.Phase == 1 ? 0 : f.Aux;
                if (node.Separator[matched] != b)
                {
                    return Fail(out next);
                }

                return matched + 1 == node.Separator.Length
                    ? Consumed(f with { Phase = 0, Aux = 0 }, out next)
                    : Consumed(f with { Phase = 2, Aux = matched + 1 }, out next);
        }
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
