namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>Indices [Start, Start + Count) along one dimension of a tensor.</summary>
public readonly record struct IndexRange(int Start, int Count)
{
    /// <summary>One past the last index.</summary>
    public int End => Start + Count;
}
