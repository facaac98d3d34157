namespace Sluice.Engine.Compute;

/// <summary>Head layout of one attention layer.</summary>
/// <param name="NumHeads">Query heads; each reads key/value head h / (NumHeads / NumKvHeads) (GQA).</param>
/// <param name="Scale">Multiplier of q·k before the softmax (1/√headDim).</param>
/// <param name="SlidingWindow">Positions a query sees, itself included; 0 = all earlier positions.</param>
public sealed record AttentionShape(int NumHeads, int NumKvHeads, int HeadDim, float Scale, int SlidingWindow)
{
    /// <summary>Query heads per key/value head.</summary>
    public int GroupSize => NumHeads / NumKvHeads;
}
