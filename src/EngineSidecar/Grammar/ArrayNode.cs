namespace Sluice.Engine.Grammar;

/// <summary>An array of <see cref="MinItems"/> to <see cref="MaxItems"/> values of <see cref="Item"/>.</summary>
public sealed class ArrayNode : GrammarNode
{
    private static readonly bool[] Bracket = Bytes.Of((byte)'[');
    private readonly Lazy<GrammarNode> _item;

    public ArrayNode(Func<GrammarNode> item, int minItems, int maxItems)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minItems);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, minItems);
        _item = new Lazy<GrammarNode>(item);
        MinItems = minItems;
        MaxItems = maxItems;
    }

    public GrammarNode Item => _item.Value;

    public int MinItems { get; }

    public int MaxItems { get; }

    public override bool[] FirstBytes => Bracket;
}
