namespace Sluice.Controllers.Preflight;

/// <summary>
/// What the fit preflight knows about a model. A full shape (<see cref="NumLayers"/> &gt; 0) splits the
/// decoder layers' linear weights (q, k, v, o, gate, up, down, the ones a quantization applies to) from the
/// embedding, lm_head and norms (which stay bf16), and sizes the KV cache. A shape guessed from a "70b"-style
/// token in the name has only <see cref="GuessedParameters"/>; its KV cache is not estimated.
/// </summary>
/// <param name="TiedEmbeddings">True when lm_head shares the embedding matrix (stored once).</param>
/// <param name="GuessedParameters">Parameter count read from the name when nothing else is known; null for a full shape.</param>
public sealed record ModelShape(
    string Name,
    int NumLayers,
    int HiddenSize,
    int IntermediateSize,
    int NumHeads,
    int NumKvHeads,
    int HeadDim,
    int VocabSize,
    bool TiedEmbeddings,
    int MaxContextTokens,
    double? GuessedParameters = null)
{
    /// <summary>A shape known only by its parameter count (from the model's name).</summary>
    public static ModelShape Guessed(string name, double parameters) => new(name, 0, 0, 0, 0, 0, 0, 0, false, 0, parameters);

    /// <summary>The linear weight matrices of one decoder layer: q, k, v, o, gate, up, down.</summary>
    public IReadOnlyList<LinearMatrix> LayerLinears =>
    [
        new(NumHeads * HeadDim, HiddenSize),
        new(NumKvHeads * HeadDim, HiddenSize),
        new(NumKvHeads * HeadDim, HiddenSize),
        new(HiddenSize, NumHeads * HeadDim),
        new(IntermediateSize, HiddenSize),
        new(IntermediateSize, HiddenSize),
        new(HiddenSize, IntermediateSize),
    ];

    /// <summary>Parameters of all decoder layers' linear weights.</summary>
    public double LinearParameters => (double)NumLayers * LayerLinears.Sum(m => (double)m.OutFeatures * m.InFeatures);

    /// <summary>Parameters that stay bf16 under every quantization: embedding, lm_head (unless tied), 2 norms per layer and the final norm.</summary>
    public double UnquantizedParameters =>
        (double)VocabSize * HiddenSize * (TiedEmbeddings ? 1 : 2) + (2.0 * NumLayers + 1) * HiddenSize;

    /// <summary>All parameters (or the guessed count).</summary>
    public double NumParameters => GuessedParameters ?? LinearParameters + UnquantizedParameters;

    /// <summary>Bytes of K and V for one token across all layers at <paramref name="bytesPerElement"/>.</summary>
    public double KvBytesPerToken(int bytesPerElement) => 2.0 * NumLayers * NumKvHeads * HeadDim * bytesPerElement;
}
