using Sluice.Engine.Compute.TensorParallel;

namespace Sluice.Engine.Compute.Cpu;

/// <summary>Rank <see cref="Rank"/>'s end of an <see cref="InProcessCollectiveGroup"/>; takes CPU activations only.</summary>
public sealed class InProcessCollective : ICollective
{
    private readonly InProcessCollectiveGroup _group;

    internal InProcessCollective(InProcessCollectiveGroup group, int rank)
    {
        _group = group;
        Rank = rank;
    }

    public int Rank { get; }

    public int Size => _group.Size;

    public void AllReduceSum(Activation buffer) => _group.AllReduceSum(Rank, Cpu(buffer));

    public void AllGather(Activation local, Activation gathered) => _group.AllGather(Rank, Cpu(local), Cpu(gathered));

    private static CpuActivation Cpu(Activation a) =>
        a as CpuActivation ?? throw new ArgumentException($"activation of type {a.GetType().Name} does not belong to the CPU backend");
}
