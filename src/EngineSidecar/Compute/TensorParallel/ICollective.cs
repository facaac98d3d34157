namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>
/// One rank's end of a group of ranks that combine activation buffers. Every rank of the group must make the same calls
/// in the same order with buffers of the same shape; a call returns on a rank once every rank has made it. Results are
/// identical on every rank, bit for bit.
/// </summary>
public interface ICollective
{
    /// <summary>This rank's index in [0, <see cref="Size"/>).</summary>
    int Rank { get; }

    /// <summary>Ranks in the group.</summary>
    int Size { get; }

    /// <summary>buffer [rows, cols] on every rank becomes the elementwise sum of all ranks' buffers.</summary>
    void AllReduceSum(Activation buffer);

    /// <summary>
    /// local [rows, c] of every rank, side by side: gathered [rows, Size · c] on every rank, with
    /// gathered[t, k · c + j] = local of rank k [t, j].
    /// </summary>
    void AllGather(Activation local, Activation gathered);
}
