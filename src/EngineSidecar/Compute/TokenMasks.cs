namespace Sluice.Engine.Compute;

/// <summary>
/// Allowed-token bitmasks for device sampling (constrained decoding). Row i (counting chunks with ComputeLogits) uses mask
/// <c>RowMasks[i]</c>: words <c>[RowMasks[i] · WordsPerRow, (RowMasks[i] + 1) · WordsPerRow)</c> of <see cref="Words"/>, token id t
/// allowed when bit t % 32 of word t / 32 is set; −1 means every token is allowed. Ids at or beyond WordsPerRow · 32 are
/// forbidden in a masked row. Every masked row allows at least one token.
/// </summary>
public sealed record TokenMasks(int[] RowMasks, uint[] Words, int WordsPerRow)
{
    /// <summary>32-bit words per mask over <paramref name="numTokens"/> ids.</summary>
    public static int MaskWordsFor(int numTokens) => (numTokens + 31) / 32;

    /// <summary>True when row <paramref name="row"/> may pick <paramref name="tokenId"/> (the rule the GPU kernel applies).</summary>
    public bool Allows(int row, int tokenId)
    {
        var mask = RowMasks[row];
        if (mask < 0)
        {
            return true;
        }

        var word = tokenId >> 5;
        return word < WordsPerRow && ((Words[(mask * WordsPerRow) + word] >> (tokenId & 31)) & 1u) != 0;
    }
}
