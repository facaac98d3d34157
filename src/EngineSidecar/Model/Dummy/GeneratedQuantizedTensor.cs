using Sluice.Engine.Model.Quantization;

namespace Sluice.Engine.Model.Dummy;

/// <summary>
/// A dummy quantized linear weight [<see cref="Rows"/>, <see cref="Cols"/>] in the layout of <see cref="QuantizedTensor"/>,
/// described instead of materialised so a backend can generate it in place: the rows of <see cref="Parts"/> one after the
/// other (one part, or the stacked q/k/v or gate/up), each part's codes its stream's bytes with, for fp8, the NaN codes
/// 0x7F/0xFF turned into 0x7E/0xFE (±448); every scale is <see cref="Scale"/>; int4 zero points are 8. No column permutation,
/// no static input scale. <see cref="DummyQuantizedWeights.Materialize"/> is the host twin.
/// </summary>
public sealed record GeneratedQuantizedTensor(string Name, QuantizedKind Kind, int Cols, IReadOnlyList<GeneratedCodes> Parts)
{
    /// <summary>Int4 zero point of every group.</summary>
    public const byte Int4Zero = 8;

    /// <summary>Rows of all parts.</summary>
    public int Rows => Parts.Sum(p => p.Rows);

    /// <summary>Code bytes of one row: K (fp8, int8) or K / 2 (int4).</summary>
    public long CodeBytesPerRow => Kind == QuantizedKind.Int4 ? Cols / 2 : Cols;

    /// <summary>Scales (and int4 zero points) of one row: 1, or K / 128 for int4.</summary>
    public int ScalesPerRow => Kind == QuantizedKind.Int4 ? Cols / QuantizedTensor.GroupSize : 1;

    /// <summary>
    /// The scale of every row (and group): weights of magnitude ≈ √(3 / K), as the bf16 dummy weights, from codes spread over
    /// ±8 (int4 around its zero point), ±128 (int8) or ±448 (fp8, about a quarter of whose codes lie beyond ±64).
    /// </summary>
    public float Scale => MathF.Sqrt(3f / Cols) / (Kind switch
    {
        QuantizedKind.Int4 => 8f,
        QuantizedKind.Int8 => 128f,
        _ => 64f,
    });

    /// <summary>Bytes a backend holds: codes, fp32 scales and (int4) zero points.</summary>
    public long Bytes => ((long)Rows * CodeBytesPerRow) + ((long)Rows * ScalesPerRow * (Kind == QuantizedKind.Int4 ? sizeof(float) + 1 : sizeof(float)));

    /// <summary>The rows of <paramref name="parts"/> one after the other as <paramref name="name"/> (same kind and columns).</summary>
    public static GeneratedQuantizedTensor Stack(string name, IReadOnlyList<GeneratedQuantizedTensor> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Any(p => p.Kind != parts[0].Kind || p.Cols != parts[0].Cols))
        {
            throw new ArgumentException($"cannot stack {string.Join(", ", parts.Select(p => p.Name))}: formats differ");
        }

        return new GeneratedQuantizedTensor(name, parts[0].Kind, parts[0].Cols, parts.SelectMany(p => p.Parts).ToArray());
    }
}
