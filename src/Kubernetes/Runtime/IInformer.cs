namespace Sluice.Kubernetes.Runtime;

/// <summary>The type-independent face of an informer, for hosts that start and await them.</summary>
public interface IInformer
{
    ResourceType Type { get; }

    /// <summary>True once the first list has filled the cache.</summary>
    bool HasSynced { get; }

    /// <summary>Completes when the first list has filled the cache.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists and watches until cancelled; never ends on its own and never throws but for cancellation.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
