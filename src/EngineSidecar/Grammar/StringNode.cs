namespace Sluice.Engine.Grammar;

/// <summary>A JSON string of <see cref="MinLength"/> to <see cref="MaxLength"/> characters (code points), valid UTF-8, escapes allowed.</summary>
public sealed class StringNode(int minLength, int maxLength) : GrammarNode
{
    private static readonly bool[] Quote = Bytes.Of((byte)'"');

    public int MinLength { get; } = minLength;

    public int MaxLength { get; } = maxLength;

    public override bool[] FirstBytes => Quote;
}
