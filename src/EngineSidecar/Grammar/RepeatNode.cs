namespace Sluice.Engine.Grammar;

/// <summary>
/// One to <see cref="MaxCount"/> values of <see cref="Item"/>, each after the first preceded by the exact
/// <see cref="Separator"/> bytes. Complete after every whole value; there is no closing byte, so (as for a number) a
/// byte that is not the separator's first one ends the sequence. Used for parallel tool calls: the item is one call.
/// </summary>
public sealed class RepeatNode : GrammarNode
{
    /// <summary>Throws <see cref="ArgumentException"/> for an empty separator and <see cref="ArgumentOutOfRangeException"/> for a count below 1.</summary>
    public RepeatNode(GrammarNode item, byte[] separator, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(separator);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        if (separator.Length == 0)
        {
            throw new ArgumentException("the separator must not be empty", nameof(separator));
        }

        Item = item;
        Separator = separator;
        MaxCount = maxCount;
    }

    public GrammarNode Item { get; }

    public byte[] Separator { get; }

    public int MaxCount { get; }

    public override bool[] FirstBytes => Item.FirstBytes;
}
