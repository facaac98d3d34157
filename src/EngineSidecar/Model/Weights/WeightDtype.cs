namespace Sluice.Engine.Model.Weights;

/// <summary>Element types of weight tensors the engine reads.</summary>
public enum WeightDtype
{
    /// <summary>IEEE float32 (4 bytes).</summary>
    F32,

    /// <summary>IEEE float16 (2 bytes).</summary>
    F16,

    /// <summary>bfloat16: the upper 16 bits of a float32 (2 bytes).</summary>
    BF16,
}
