namespace Sluice.Controllers.Preflight;

/// <summary>
/// What the fit preflight needs to know about a model. <see cref="NumLayers"/> = 0 means the attention shape
/// is unknown and the KV cache is not estimated (only the weights are).
/// </summary>
public sealed record ModelShape(string Name, double NumParameters, int NumLayers, int NumKvHeads, int HeadDim, int MaxContextTokens)
{
    /// <summary>Bytes of K and V for one token across all layers at <paramref name="bytesPerElement"/>.</summary>
    public double KvBytesPerToken(int bytesPerElement) => 2.0 * NumLayers * NumKvHeads * HeadDim * bytesPerElement;
}
