using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Runtime;

namespace Sluice.Kubernetes.Controllers;

/// <summary>
/// Owns the shared informers (one per resource type and namespace) and the controllers built on them.
/// Register everything, then call <see cref="RunAsync"/> once: it runs the informers and the controllers
/// until cancelled (e.g. when leadership is lost).
/// </summary>
public sealed class ControllerManager : IDisposable
{
    private readonly IKubernetesClient _client;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeSpan? _resyncPeriod;
    private readonly Dictionary<(ResourceType, string?), IInformer> _informers = [];
    private readonly List<(Func<CancellationToken, Task> Run, IDisposable Owner)> _controllers = [];
    private int _started;

    public ControllerManager(IKubernetesClient client, ILoggerFactory? loggerFactory = null, TimeSpan? resyncPeriod = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _resyncPeriod = resyncPeriod ?? TimeSpan.FromMinutes(10);
    }

    public IKubernetesClient Client => _client;

    /// <summary>The shared informer for <paramref name="type"/> in <paramref name="namespace"/> (null: all namespaces).</summary>
    public Informer<T> Informer<T>(ResourceType type, string? @namespace = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(type);
        EnsureNotStarted();
        if (_informers.TryGetValue((type, @namespace), out var existing))
        {
            return existing as Informer<T>
                ?? throw new InvalidOperationException($"an informer for {type.Kind} exists with another object type than {typeof(T).Name}");
        }

        var informer = new Informer<T>(_client, type, new InformerOptions { Namespace = @namespace, ResyncPeriod = _resyncPeriod },
            _loggerFactory.CreateLogger($"Sluice.Kubernetes.Informer.{type.Kind}"));
        _informers[(type, @namespace)] = informer;
        return informer;
    }

    /// <summary>
    /// Adds a controller reconciling <paramref name="type"/>; chain <see cref="Controller{T}.Owns"/> with
    /// <see cref="Informer{T}(ResourceType, string?)"/> to react to children.
    /// </summary>
    public Controller<T> AddController<T>(string name, ResourceType type, IReconciler<T> reconciler, ControllerOptions? options = null, string? @namespace = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        EnsureNotStarted();
        var controller = new Controller<T>(name, Informer<T>(type, @namespace), reconciler, options, _loggerFactory.CreateLogger($"Sluice.Kubernetes.Controller.{name}"));
        _controllers.Add((controller.RunAsync, controller));
        return controller;
    }

    /// <summary>Runs every informer and controller until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("a controller manager runs once");
        }

        var tasks = _informers.Values.Select(i => i.RunAsync(cancellationToken))
            .Concat(_controllers.Select(c => c.Run(cancellationToken)))
            .ToArray();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    public void Dispose()
    {
        foreach (var (_, owner) in _controllers)
        {
            owner.Dispose();
        }
    }

    private void EnsureNotStarted()
    {
        if (Volatile.Read(ref _started) == 1)
        {
            throw new InvalidOperationException("register informers and controllers before RunAsync");
        }
    }
}
