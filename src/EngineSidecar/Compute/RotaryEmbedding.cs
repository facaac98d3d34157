using Sluice.Engine.Model.Config;

namespace Sluice.Engine.Compute;

/// <summary>
/// Rotary position embedding in the rotate-half layout of HF transformers: for i &lt; RotaryDim/2 the pair
/// (x[i], x[i + RotaryDim/2]) turns by angle position · InverseFrequencies[i]; dimensions from RotaryDim on
/// pass through unchanged (partial rotary).
/// </summary>
public sealed class RotaryEmbedding
{
    public RotaryEmbedding(RopeConfig rope, int headDim)
    {
        HeadDim = headDim;
        RotaryDim = rope.RotaryDim(headDim);
        InverseFrequencies = rope.InverseFrequencies(headDim);
    }

    public int HeadDim { get; }

    /// <summary>Leading dimensions of each head that rotate.</summary>
    public int RotaryDim { get; }

    /// <summary>[RotaryDim / 2] angle per position of each rotated pair.</summary>
    public float[] InverseFrequencies { get; }
}
