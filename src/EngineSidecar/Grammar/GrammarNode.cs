namespace Sluice.Engine.Grammar;

/// <summary>
/// One node of a compiled JSON grammar (immutable; shared by every sequence of a request). A node accepts the compact
/// serialization of one JSON value: no whitespace between tokens. <see cref="GrammarStepper"/> walks it byte by byte.
/// </summary>
public abstract class GrammarNode
{
    /// <summary>Bytes a value of this node can start with (indexed by byte).</summary>
    public abstract bool[] FirstBytes { get; }
}
