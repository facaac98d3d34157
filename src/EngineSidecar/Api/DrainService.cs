using System.Diagnostics;
using Sluice.Engine.Engine;

namespace Sluice.Engine.Api;

/// <summary>
/// Starts the engine loop with the host and, on shutdown (SIGTERM), stops admitting, lets in-flight
/// requests finish for up to the drain timeout, then stops the loop (failing whatever is left).
/// Registered after the web server, so it stops before the server closes its connections.
/// </summary>
public sealed class DrainService(EngineLoop loop, AdmissionControl admission, TimeSpan drainTimeout, ILogger<DrainService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        loop.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
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

        loop.Stop("the server shut down before the request finished");
    }
}
