namespace Sluice.Engine.Model.Weights;

/// <summary>Sizes and safetensors names of <see cref="WeightDtype"/>s.</summary>
public static class WeightDtypes
{
    /// <summary>Bytes per element.</summary>
    public static int SizeBytes(this WeightDtype dtype) => dtype == WeightDtype.F32 ? 4 : 2;

    /// <summary>Maps a safetensors dtype name; null when the engine does not read that type.</summary>
    public static WeightDtype? FromSafetensorsName(string name) => name switch
    {
        "F32" => WeightDtype.F32,
        "F16" => WeightDtype.F16,
        "BF16" => WeightDtype.BF16,
        _ => null,
    };

    /// <summary>The safetensors name of <paramref name="dtype"/>.</summary>
    public static string SafetensorsName(this WeightDtype dtype) => dtype switch
    {
        WeightDtype.F32 => "F32",
        WeightDtype.F16 => "F16",
        _ => "BF16",
    };
}
