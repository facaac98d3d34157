using Sluice.Entities.Resources;
using Sluice.Kubernetes.Models;

namespace Sluice.Controllers.Desired;

/// <summary>Owner references and metadata that tie a child to its LLMDeployment.</summary>
public static class Ownership
{
    /// <summary>The controller reference to <paramref name="owner"/>; it must carry a uid (read from the server).</summary>
    public static OwnerReference ReferenceTo(LLMDeployment owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new OwnerReference
        {
            ApiVersion = $"{LLMDeployment.Group}/{LLMDeployment.Version}",
            Kind = LLMDeployment.KindName,
            Name = owner.Metadata.Name ?? throw new ArgumentException("the LLMDeployment has no name", nameof(owner)),
            Uid = owner.Metadata.Uid ?? throw new ArgumentException("the LLMDeployment has no uid; read it from the server first", nameof(owner)),
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }

    /// <summary>Metadata for a child named <paramref name="childName"/>: namespace, labels, controller reference.</summary>
    public static ObjectMeta ChildMeta(LLMDeployment owner, string childName)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new ObjectMeta
        {
            Name = childName,
            Namespace = owner.Metadata.Namespace,
            Labels = ChildLabels.All(owner.Metadata.Name!),
            OwnerReferences = [ReferenceTo(owner)],
        };
    }

    /// <summary>True when <paramref name="child"/> names <paramref name="owner"/> (by uid) as its controller.</summary>
    public static bool IsControlledBy(KubernetesObject child, LLMDeployment owner)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(owner);
        return child.Metadata.OwnerReferences?.Any(r => r.Controller == true && r.Uid == owner.Metadata.Uid) == true;
    }
}
