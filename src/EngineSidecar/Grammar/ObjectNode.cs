namespace Sluice.Engine.Grammar;

/// <summary>
/// An object with declared properties, emitted in declaration order; optional ones may be left out, required ones
/// never are, and no other property is produced (so the output validates whatever additionalProperties says).
/// </summary>
public sealed class ObjectNode : GrammarNode
{
    /// <summary>Most properties one object may declare (a 64-bit candidate set tracks them).</summary>
    public const int MaxProperties = 64;

    private static readonly bool[] Brace = Bytes.Of((byte)'{');

    public ObjectNode(IReadOnlyList<ObjectProperty> properties)
    {
        if (properties.Count > MaxProperties)
        {
            throw new ArgumentException($"at most {MaxProperties} properties per object", nameof(properties));
        }

        Properties = properties;
    }

    public IReadOnlyList<ObjectProperty> Properties { get; }

    public override bool[] FirstBytes => Brace;

    /// <summary>True when no property at or after <paramref name="index"/> is required (the object may close).</summary>
    public bool CanCloseFrom(int index)
    {
        for (var j = index; j < Properties.Count; j++)
        {
            if (Properties[j].Required)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Properties that may come next after those before <paramref name="index"/>: up to and including the first required one.</summary>
    public ulong CandidatesFrom(int index)
    {
        var mask = 0UL;
        for (var j = index; j < Properties.Count; j++)
        {
            mask |= 1UL << j;
            if (Properties[j].Required)
            {
                break;
            }
        }

        return mask;
    }
}
