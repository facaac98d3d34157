namespace Sluice.Engine.Grammar;

/// <summary>
/// One entry of the matcher's stack (immutable, so a vocabulary walk can branch from any state without copying):
/// a node, where in it the input is, and the frame to return to when the node's value ends (null: the document).
/// The meaning of <see cref="Phase"/>, <see cref="Count"/>, <see cref="Aux"/> and <see cref="Alive"/> is the node's
/// (see <see cref="GrammarStepper"/>).
/// </summary>
public sealed record GrammarFrame(GrammarNode Node, int Phase, int Count, int Aux, ulong Alive, GrammarFrame? Parent)
{
    /// <summary>The state before the first byte of a value of <paramref name="node"/>.</summary>
    public static GrammarFrame Start(GrammarNode node, GrammarFrame? parent) => new(node, 0, 0, 0, 0, parent);
}
