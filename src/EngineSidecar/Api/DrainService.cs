using System.Diagnostics;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>
/// Starts the engine loop with the host. On shutdown (SIGTERM) it stops admitting and lets in-flight requests
/// finish for up to the drain timeout while the web server still accepts connections (answering 503), since
/// <see cref="StoppingAsync"/> runs before any hosted service stops; then it stops the loop, failing whatever is left.
/// </summary>
public sealed class DrainService(EngineLoop loop, AdmissionControl admission, TimeSpan drainTimeout, ILogger<DrainService> logger) : IHostedLifecycleService
{
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
            logger.LogWarning("drain timeout of {DrainSeconds} s reached with requests in flight; failing them", drainTimeout.TotalSeconds);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        loop.Stop("the server shut down before the request finished");
        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
