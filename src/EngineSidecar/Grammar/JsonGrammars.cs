namespace Sluice.Engine.Grammar;

/// <summary>Grammars that need no schema: any JSON value, and any JSON object (<c>json_object</c>).</summary>
public static class JsonGrammars
{
    private static readonly Lazy<GrammarNode> AnyValueNode = new(() => new ChoiceNode(() =>
    [
        AnyObject,
        new ArrayNode(() => AnyValue, 0, int.MaxValue),
        new StringNode(0, int.MaxValue),
        new NumberNode(integer: false),
        new LiteralNode(["true"u8.ToArray(), "false"u8.ToArray(), "null"u8.ToArray()]),
    ]));

    private static readonly Lazy<GrammarNode> AnyObjectNode = new(() => new FreeObjectNode(() => AnyValue));

    /// <summary>Any JSON value.</summary>
    public static GrammarNode AnyValue => AnyValueNode.Value;

    /// <summary>Any JSON object.</summary>
    public static GrammarNode AnyObject => AnyObjectNode.Value;
}
