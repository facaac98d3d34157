using k8s.LeaderElection;
using Microsoft.Extensions.Logging;

namespace Sluice.Kubernetes.LeaderElection;

/// <summary>
/// Wraps the package's Lease lock so that a request that never got an answer (connection refused or reset, a
/// timeout) counts as one failed attempt, like an error answer does, instead of an exception that ends the
/// package's renew loop at once. The leader then keeps retrying every retry period and steps down only after
/// the renew deadline, as client-go does. A failed read reports no record: the elector then tries to create
/// the Lease, which the server refuses while it exists, so a failed read never wins the Lease.
/// </summary>
internal sealed class TransientFailureLock(ILock inner, ILogger logger) : ILock
{
    public string Identity => inner.Identity;

    public async Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransient(ex, cancellationToken))
        {
            Log(ex, "read");
            return null!;
        }
    }

    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransient(ex, cancellationToken))
        {
            Log(ex, "create");
            return false;
        }
    }

    public async Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.UpdateAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransient(ex, cancellationToken))
        {
            Log(ex, "update");
            return false;
        }
    }

    public string Describe() => inner.Describe();

    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException or TimeoutException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private void Log(Exception ex, string operation) =>
        logger.LogWarning("{Identity}: lease {Lease} {Operation} got no answer: {Error}", Identity, Describe(), operation, ex.Message);
}
