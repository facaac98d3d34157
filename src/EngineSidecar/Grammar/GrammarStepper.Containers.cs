namespace Sluice.Engine.Grammar;

/// <summary>Arrays and objects.</summary>
public static partial class GrammarStepper
{
    // Array phases: 0 before '[', 1 after '[', 2 after an item, 3 after ','. Count = items started, saturating at the
    // minimum when there is no maximum.
    private static StepResult StepArray(ArrayNode array, GrammarFrame f, byte b, out GrammarFrame? next)
    {
        switch (f.Phase)
        {
            case 0:
                return b == (byte)'[' ? Consumed(f with { Phase = 1 }, out next) : Fail(out next);
            case 1 or 2 when b == (byte)']':
                return f.Count >= array.MinItems ? Consumed(f.Parent, out next) : Fail(out next);
            case 2:
                return b == (byte)',' && f.Count < array.MaxItems ? Consumed(f with { Phase = 3 }, out next) : Fail(out next);
            default: // 1 or 3: an item starts
                if (f.Count >= array.MaxItems || !array.Item.FirstBytes[b])
                {
                    return Fail(out next);
                }

                return StartChild(array.Item, f with { Phase = 2, Count = CountedUp(f.Count, array.MinItems, array.MaxItems) }, b, out next);
        }
    }

    // Object phases: 0 before '{', 1 after '{', 2 after a value, 4 after ',', 3 in a key (Count = key bytes matched,
    // Alive = properties whose key still matches). Aux = index of the first property that may still come.
    private static StepResult StepObject(ObjectNode obj, GrammarFrame f, byte b, out GrammarFrame? next)
    {
        switch (f.Phase)
        {
            case 0:
                return b == (byte)'{' ? Consumed(f with { Phase = 1 }, out next) : Fail(out next);
            case 1 or 2 when b == (byte)'}':
                return obj.CanCloseFrom(f.Aux) ? Consumed(f.Parent, out next) : Fail(out next);
            case 2:
                return b == (byte)',' && obj.CandidatesFrom(f.Aux) != 0 ? Consumed(f with { Phase = 4 }, out next) : Fail(out next);
            case 1 or 4:
                return MatchKey(obj, f with { Phase = 3, Count = 0, Alive = obj.CandidatesFrom(f.Aux) }, b, out next);
            default:
                return MatchKey(obj, f, b, out next);
        }
    }

    private static StepResult MatchKey(ObjectNode obj, GrammarFrame f, byte b, out GrammarFrame? next)
    {
        var matching = 0UL;
        var completed = -1;
        for (var j = 0; j < obj.Properties.Count; j++)
        {
            var key = obj.Properties[j].KeyBytes;
            if ((f.Alive & (1UL << j)) != 0 && key.Length > f.Count && key[f.Count] == b)
            {
                matching |= 1UL << j;
                if (key.Length == f.Count + 1)
                {
                    completed = j; // keys end with '":', so a complete key is no other key's prefix
                }
            }
        }

        if (matching == 0)
        {
            return Fail(out next);
        }

        if (completed >= 0)
        {
            var resume = f with { Phase = 2, Count = 0, Alive = 0, Aux = completed + 1 };
            return Consumed(GrammarFrame.Start(obj.Properties[completed].Value, resume), out next);
        }

        return Consumed(f with { Count = f.Count + 1, Alive = matching }, out next);
    }

    // Free object phases: 0 before '{', 1 after '{', 5 after a key (':' next), 2 after a value, 6 after ','.
    private static StepResult StepFreeObject(FreeObjectNode free, GrammarFrame f, byte b, out GrammarFrame? next)
    {
        switch (f.Phase)
        {
            case 0:
                return b == (byte)'{' ? Consumed(f with { Phase = 1 }, out next) : Fail(out next);
            case 1 or 2 when b == (byte)'}':
                return Consumed(f.Parent, out next);
            case 1 or 6:
                return b == (byte)'"' ? StartChild(free.Key, f with { Phase = 5 }, b, out next) : Fail(out next);
            case 5:
                return b == (byte)':' ? Consumed(GrammarFrame.Start(free.Value, f with { Phase = 2 }), out next) : Fail(out next);
            default: // 2
                return b == (byte)',' ? Consumed(f with { Phase = 6 }, out next) : Fail(out next);
        }
    }
}
