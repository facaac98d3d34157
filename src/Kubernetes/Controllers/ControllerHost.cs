using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Kubernetes.LeaderElection;

namespace Sluice.Kubernetes.Controllers;

/// <summary>
/// Hosts a <see cref="ControllerManager"/> in a generic host. With leader election the controllers run only
/// while this process leads; when leadership is lost they are stopped, the exit code is set to 1 and the
/// application stops, so that Kubernetes restarts the pod as a fresh candidate.
/// </summary>
public sealed class ControllerHost : BackgroundService
{
    private readonly ControllerManager _manager;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<ControllerHost> _logger;
    private readonly LeaderElector? _elector;

    /// <param name="elector">Null runs the controllers without leader election.</param>
    public ControllerHost(ControllerManager manager, IHostApplicationLifetime lifetime, ILogger<ControllerHost> logger, LeaderElector? elector = null)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(logger);
        _manager = manager;
        _lifetime = lifetime;
        _logger = logger;
        _elector = elector;
    }

    /// <summary>True while the controllers run (always true after start without leader election).</summary>
    public bool IsLeader => _elector?.IsLeader ?? true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_elector is null)
        {
            await _manager.RunAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        var outcome = await _elector.RunAsync(_manager.RunAsync, stoppingToken).ConfigureAwait(false);
        if (outcome == LeadershipOutcome.Lost || !stoppingToken.IsCancellationRequested)
        {
            _logger.LogCritical("controllers stopped while leading ({Outcome}); stopping so that a fresh process can campaign again", outcome);
            Environment.ExitCode = 1;
            _lifetime.StopApplication();
        }
    }
}
