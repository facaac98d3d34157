namespace Sluice.Engine.Model.Weights;

/// <summary>One tensor a model needs: its HF name and shape (outermost first).</summary>
public sealed record WeightSpec(string Name, long[] Shape)
{
    /// <summary>Number of parameters.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}
