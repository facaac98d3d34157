namespace Sluice.Engine.Grammar;

/// <summary>An object with any string keys and values of <see cref="Value"/> (<c>response_format: json_object</c>).</summary>
public sealed class FreeObjectNode : GrammarNode
{
    private static readonly bool[] Brace = Bytes.Of((byte)'{');

    public FreeObjectNode(Func<GrammarNode> value) => _value = new Lazy<GrammarNode>(value);

    private readonly Lazy<GrammarNode> _value;

    /// <summary>Grammar of every value (resolved lazily: it may contain this node).</summary>
    public GrammarNode Value => _value.Value;

    /// <summary>Grammar of every key.</summary>
    public StringNode Key { get; } = new(0, int.MaxValue);

    public override bool[] FirstBytes => Brace;
}
