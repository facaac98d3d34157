using Sluice.Entities.Resources;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Models;

namespace Sluice.Controllers.Reconciling;

/// <summary>Writes core/v1 Events about an LLMDeployment (what <c>kubectl describe</c> shows).</summary>
public sealed class EventRecorder(IKubernetesClient client, string component, string instance)
{
    /// <summary>Records a Warning (or Normal when <paramref name="warning"/> is false) event; failures are swallowed by the caller's choice.</summary>
    public async Task RecordAsync(LLMDeployment resource, string reason, string message, bool warning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var now = DateTimeOffset.UtcNow;
        var name = resource.Metadata.Name!;
        var ev = new Event
        {
            Metadata = new ObjectMeta
            {
                Name = $"{name}.{now.ToUnixTimeMilliseconds():x}{Random.Shared.Next(0x1000):x3}",
                Namespace = resource.Metadata.Namespace,
            },
            InvolvedObject = new ObjectReference
            {
                ApiVersion = resource.ApiVersion,
                Kind = resource.Kind,
                Name = name,
                Namespace = resource.Metadata.Namespace,
                Uid = resource.Metadata.Uid,
                ResourceVersion = resource.Metadata.ResourceVersion,
            },
            Reason = reason,
            Message = message.Length > 1024 ? message[..1024] : message,
            Type = warning ? "Warning" : "Normal",
            Count = 1,
            FirstTimestamp = now,
            LastTimestamp = now,
            Source = new EventSource { Component = component },
            ReportingComponent = component,
            ReportingInstance = instance,
        };
        await client.CreateAsync(ResourceTypes.Event, ev, cancellationToken).ConfigureAwait(false);
    }
}
