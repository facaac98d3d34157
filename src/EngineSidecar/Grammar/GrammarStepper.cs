namespace Sluice.Engine.Grammar;

/// <summary>
/// A byte-level pushdown automaton over <see cref="GrammarNode"/>s. A state is a <see cref="GrammarFrame"/> stack;
/// null is the state after a complete document (only end-of-sequence may follow). Numbers and literals have no closing
/// byte: a byte they cannot take ends them when they are complete and is fed to the frame below.
/// </summary>
public static partial class GrammarStepper
{
    /// <summary>Feeds <paramref name="b"/> to <paramref name="state"/>; false (and <paramref name="next"/> null) when the grammar forbids it.</summary>
    public static bool TryFeed(GrammarFrame? state, byte b, out GrammarFrame? next)
    {
        next = null;
        var frame = state;
        while (frame is not null)
        {
            var result = Step(frame, b, out next);
            if (result == StepResult.Consumed)
            {
                return true;
            }

            if (result == StepResult.Dead)
            {
                next = null;
                return false;
            }

            frame = frame.Parent; // EndedBefore: the value ended; the byte belongs to the enclosing frame
        }

        next = null;
        return false;
    }

    /// <summary>Feeds every byte of <paramref name="bytes"/>; false at the first forbidden one.</summary>
    public static bool TryFeed(GrammarFrame? state, ReadOnlySpan<byte> bytes, out GrammarFrame? next)
    {
        next = state;
        foreach (var b in bytes)
        {
            if (!TryFeed(next, b, out next))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the input so far is a complete document (end-of-sequence may come now).</summary>
    public static bool CanEnd(GrammarFrame? state) => state is null || (state.Parent is null && IsImplicitlyComplete(state));

    private enum StepResult
    {
        Consumed,
        Dead,
        EndedBefore,
    }

    private static bool IsImplicitlyComplete(GrammarFrame frame) => frame.Node switch
    {
        NumberNode => frame.Phase is 2 or 3 or 5 or 8,
        LiteralNode literal => CompletedAlternative(literal, frame) >= 0,
        FreeTextNode => frame.Phase == 1,
        RepeatNode => frame.Phase == 1,
        _ => false,
    };

    private static StepResult Step(GrammarFrame f, byte b, out GrammarFrame? next)
    {
        next = null;
        switch (f.Node)
        {
            case ChoiceNode choice:
                if (choice.OptionFor(b) is not { } option)
                {
                    return StepResult.Dead;
                }

                return Step(GrammarFrame.Start(option, f.Parent), b, out next);
            case LiteralNode literal:
                return StepLiteral(literal, f, b, out next);
            case NumberNode number:
                return StepNumber(number, f, b, out next);
            case StringNode text:
                return StepString(text, f, b, out next);
            case ArrayNode array:
                return StepArray(array, f, b, out next);
            case ObjectNode obj:
                return StepObject(obj, f, b, out next);
            case FreeObjectNode free:
                return StepFreeObject(free, f, b, out next);
            case WrappedValueNode wrapped:
                return StepWrapped(wrapped, f, b, out next);
            case RepeatNode repeat:
                return StepRepeat(repeat, f, b, out next);
            case FreeTextNode freeText:
                return StepFreeText(freeText, f, b, out next);
            default:
                throw new InvalidOperationException($"unknown grammar node {f.Node.GetType().Name}");
        }
    }

    /// <summary>
    /// A count one up. Without an upper bound (<paramref name="max"/> = int.MaxValue) it stops at <paramref name="min"/>:
    /// past the minimum its value decides nothing, and a state that stays equal lets the token masks be cached.
    /// </summary>
    private static int CountedUp(int count, int min, int max) => max == int.MaxValue ? Math.Min(count + 1, min) : count + 1;

    private static StepResult Consumed(GrammarFrame? frame, out GrammarFrame? next)
    {
        next = frame;
        return StepResult.Consumed;
    }

    // A child value starts with b, above `resume` (the parent frame already moved to its after-child phase).
    private static StepResult StartChild(GrammarNode child, GrammarFrame resume, byte b, out GrammarFrame? next) =>
        Step(GrammarFrame.Start(child, resume), b, out next) == StepResult.Consumed ? StepResult.Consumed : Fail(out next);

    private static StepResult Fail(out GrammarFrame? next)
    {
        next = null;
        return StepResult.Dead;
    }

    // Literal: Count = bytes matched, Alive = alternatives still matching (0 at the start means all).
    private static StepResult StepLiteral(LiteralNode literal, GrammarFrame f, byte b, out GrammarFrame? next)
    {
        var alive = f.Phase == 0 ? literal.AllAlive : f.Alive;
        var pos = f.Count;
        var matching = 0UL;
        for (var i = 0; i < literal.Alternatives.Count; i++)
        {
            var alt = literal.Alternatives[i];
            if ((alive & (1UL << i)) != 0 && alt.Length > pos && alt[pos] == b)
            {
                matching |= 1UL << i;
            }
        }

        if (matching != 0)
        {
            return Consumed(f with { Phase = 1, Count = pos + 1, Alive = matching }, out next);
        }

        next = null;
        return f.Phase == 1 && CompletedAlternative(literal, f) >= 0 ? StepResult.EndedBefore : StepResult.Dead;
    }

    private static int CompletedAlternative(LiteralNode literal, GrammarFrame f)
    {
        if (f.Phase == 0)
        {
            return -1;
        }

        for (var i = 0; i < literal.Alternatives.Count; i++)
        {
            if ((f.Alive & (1UL << i)) != 0 && literal.Alternatives[i].Length == f.Count)
            {
                return i;
            }
        }

        return -1;
    }
}
