using System.Diagnostics;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>
/// Starts the engine loop with the host. On shutdown (SIGTERM) it stops admitting and lets in-flight requests
/// finish for up to the drain timeout while the web server still accepts connections (answering 503), since
/// <see cref="StoppingAsync"/> runs before any hosted service stops (the web server included); then it stops the
/// loop, failing whatever is left, so the server's own wait for open requests ends promptly.
/// </summary>
public sealed class DrainService(EngineLoop loop, AdmissionControl admission, TimeSpan drainTimeout, ILogger<DrainService> logger) : IHostedLifecycleService
{
    private const string StopReason = "the server shut down before the request finished";

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        loop.Start();
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        admission.BeginDrain();
        var started = Stopwatch.GetTimestamp();
        while (loop.HasWork && Stopwatch.GetElapsedTime(started) < drainTimeout && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (loop.HasWork)
        {
            // Fail the rest now, before the web server waits for its open requests, so that they end promptly.
            logger.LogWarning("drain timeout of {DrainSeconds} s reached with requests in flight; failing them", drainTimeout.TotalSeconds);
            loop.Stop(StopReason);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        loop.Stop(StopReason);
        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
