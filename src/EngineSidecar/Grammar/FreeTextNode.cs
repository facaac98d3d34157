namespace Sluice.Engine.Grammar;

/// <summary>
/// Any bytes at all, complete at every point (end-of-sequence may come after any byte), whose first byte is not one of
/// <c>excludedFirstBytes</c>. Placed beside a structured option in a <see cref="ChoiceNode"/>, it lets the model answer
/// in free text unless its first byte starts the structured option.
/// </summary>
public sealed class FreeTextNode : GrammarNode
{
    public FreeTextNode(IEnumerable<byte> excludedFirstBytes)
    {
        ArgumentNullException.ThrowIfNull(excludedFirstBytes);
        var first = new bool[256];
        Array.Fill(first, true);
        foreach (var b in excludedFirstBytes)
        {
            first[b] = false;
        }

        FirstBytes = first;
    }

    public override bool[] FirstBytes { get; }
}
