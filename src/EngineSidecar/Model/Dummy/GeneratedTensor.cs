using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Model.Dummy;

/// <summary>
/// A dummy tensor described instead of materialised: a backend generates it where it keeps it (device memory on a GPU),
/// so the host never holds it.
/// </summary>
/// <param name="Shape">Dimensions, outermost first (a Linear weight is [outFeatures, inFeatures]).</param>
/// <param name="Dtype">Element type a host backend stores it in (a GPU backend stores bf16).</param>
public sealed record GeneratedTensor(string Name, long[] Shape, DummyFill Fill, WeightDtype Dtype)
{
    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}
