namespace Sluice.Engine.Compute.TensorParallel;

/// <summary>The ranks that compute one model together, and what stops them all when one fails.</summary>
public interface ICollectiveGroup : IDisposable
{
    /// <summary>Ranks in the group.</summary>
    int Size { get; }

    /// <summary>True once <see cref="Abort"/> was called: every collective call throws from then on.</summary>
    bool IsAborted { get; }

    /// <summary>The end of the group that rank <paramref name="rank"/> calls.</summary>
    ICollective Rank(int rank);

    /// <summary>
    /// Ends the group after a rank failed: ranks waiting in a collective call, or entering one later, get
    /// <see cref="OperationCanceledException"/> instead of waiting for a rank that will never arrive.
    /// </summary>
    void Abort();
}
