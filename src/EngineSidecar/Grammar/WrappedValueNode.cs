namespace Sluice.Engine.Grammar;

/// <summary>
/// One of several byte-exact wrappers around a value: alternative i is <c>Prefix[i]</c>, then a value of <c>Value[i]</c>,
/// then <c>Suffix[i]</c>. The prefixes form a prefix-free set (no prefix starts another), so the prefix bytes pick the
/// alternative before its value starts. Used for tool calls: the prefix carries the template's opening markup and the
/// function name, the value is the arguments object, the suffix closes both. At most 64 alternatives.
/// </summary>
public sealed class WrappedValueNode : GrammarNode
{
    /// <summary>Most alternatives one node may hold (a 64-bit candidate set tracks them).</summary>
    public const int MaxAlternatives = 64;

    /// <summary>Throws <see cref="ArgumentException"/> for an empty prefix or suffix, a duplicate, or a prefix that starts another.</summary>
    public WrappedValueNode(IReadOnlyList<WrappedValue> alternatives)
    {
        ArgumentNullException.ThrowIfNull(alternatives);
        if (alternatives.Count is 0 or > MaxAlternatives)
        {
            throw new ArgumentException($"a wrapped value needs 1 to {MaxAlternatives} alternatives", nameof(alternatives));
        }

        for (var i = 0; i < alternatives.Count; i++)
        {
            var a = alternatives[i];
            if (a.Prefix.Length == 0 || a.Suffix.Length == 0)
            {
                throw new ArgumentException("prefixes and suffixes must not be empty", nameof(alternatives));
            }

            for (var j = 0; j < alternatives.Count; j++)
            {
                if (i != j && alternatives[j].Prefix.AsSpan().StartsWith(a.Prefix))
                {
                    throw new ArgumentException("the prefixes must form a prefix-free set", nameof(alternatives));
                }
            }
        }

        Alternatives = alternatives;
        FirstBytes = Bytes.Of([.. alternatives.Select(a => a.Prefix[0])]);
        AllAlive = alternatives.Count == 64 ? ulong.MaxValue : (1UL << alternatives.Count) - 1;
    }

    public IReadOnlyList<WrappedValue> Alternatives { get; }

    /// <summary>The candidate set with every alternative in it.</summary>
    public ulong AllAlive { get; }

    public override bool[] FirstBytes { get; }
}
