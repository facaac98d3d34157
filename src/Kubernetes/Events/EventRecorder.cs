using System.Security.Cryptography;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;

namespace Sluice.Kubernetes.Events;

/// <summary>
/// Writes core/v1 Events. Repeats (same object uid, type, reason, message) within
/// <see cref="AggregationWindow"/> patch count and lastTimestamp of the first Event rather than creating
/// new ones. Failures are logged, never thrown: events are best effort.
/// </summary>
public sealed class EventRecorder : IEventRecorder, IDisposable
{
    private const int MaxRemembered = 4096;
    private readonly IKubernetesClient _client;
    private readonly string _component;
    private readonly string _instance;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Seen> _seen = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public EventRecorder(IKubernetesClient client, string component, string? instance = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        _client = client;
        _component = component;
        _instance = instance ?? Environment.MachineName;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long a repeat is folded into the earlier Event.</summary>
    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(10);

    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> involved, string type, string reason, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(involved);
        var ns = string.IsNullOrEmpty(involved.Metadata.NamespaceProperty) ? "default" : involved.Metadata.NamespaceProperty;
        var key = string.Join('\u001f', involved.Metadata.Uid ?? $"{ns}/{involved.Kind}/{involved.Metadata.Name}", type, reason, message);
        var now = _time.GetUtcNow();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_seen.TryGetValue(key, out var seen) && now - seen.FirstSeen < AggregationWindow)
            {
                var patch = new JsonObject { ["count"] = seen.Count + 1, ["lastTimestamp"] = Format(now) };
                try
                {
                    await _client.PatchAsync<Corev1Event>(ResourceTypes.Event, seen.Namespace, seen.Name, patch, cancellationToken: cancellationToken).ConfigureAwait(false);
                    _seen[key] = seen with { Count = seen.Count + 1 };
                    return;
                }
                catch (NotFoundException)
                {
                    _seen.Remove(key);
                }
            }

            var name = $"{involved.Metadata.Name}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant()}";
            await _client.CreateAsync(ResourceTypes.Event, new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                InvolvedObject = new V1ObjectReference
                {
                    ApiVersion = involved.ApiVersion,
                    Kind = involved.Kind,
                    Name = involved.Metadata.Name,
                    NamespaceProperty = involved.Metadata.NamespaceProperty,
                    Uid = involved.Metadata.Uid,
                    ResourceVersion = involved.Metadata.ResourceVersion,
                },
                Type = type,
                Reason = reason,
                Message = message,
                Count = 1,
                FirstTimestamp = now.UtcDateTime,
                LastTimestamp = now.UtcDateTime,
                Source = new V1EventSource { Component = _component, Host = _instance },
                ReportingComponent = _component,
                ReportingInstance = _instance,
            }, cancellationToken).ConfigureAwait(false);
            if (_seen.Count >= MaxRemembered)
            {
                _seen.Clear();
            }

            _seen[key] = new Seen(ns, name, 1, now);
        }
        catch (Exception ex) when (ex is KubernetesApiException or HttpRequestException or TimeoutException or IOException)
        {
            _logger.LogWarning("event {Reason} on {Kind} {Name} not recorded: {Error}", reason, involved.Kind, involved.Metadata.Name, ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Seen(string Namespace, string Name, int Count, DateTimeOffset FirstSeen);
}
