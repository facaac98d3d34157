namespace Sluice.Engine.Grammar;

/// <summary>One of a fixed set of compact JSON texts (enum, const, true/false, null); at most 64 of them.</summary>
public sealed class LiteralNode : GrammarNode
{
    public const int MaxAlternatives = 64;

    public LiteralNode(IReadOnlyList<byte[]> alternatives)
    {
        if (alternatives.Count is 0 or > MaxAlternatives || alternatives.Any(a => a.Length == 0))
        {
            throw new ArgumentException($"a literal needs 1 to {MaxAlternatives} non-empty alternatives", nameof(alternatives));
        }

        Alternatives = alternatives;
        FirstBytes = Bytes.Of([.. alternatives.Select(a => a[0])]);
        AllAlive = alternatives.Count == 64 ? ulong.MaxValue : (1UL << alternatives.Count) - 1;
    }

    public IReadOnlyList<byte[]> Alternatives { get; }

    /// <summary>The candidate set with every alternative in it.</summary>
    public ulong AllAlive { get; }

    public override bool[] FirstBytes { get; }
}
