namespace Sluice.Engine.Grammar;

/// <summary>Byte-set helpers.</summary>
internal static class Bytes
{
    /// <summary>A 256-entry set holding <paramref name="members"/>.</summary>
    public static bool[] Of(params ReadOnlySpan<byte> members)
    {
        var set = new bool[256];
        foreach (var b in members)
        {
            set[b] = true;
        }

        return set;
    }
}
