using k8s;
using k8s.Models;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Desired;

/// <summary>Owner references and metadata that tie a child to its LLMDeployment.</summary>
public static class Ownership
{
    /// <summary>The controller reference to <paramref name="owner"/>; it must carry a uid (read from the server).</summary>
    public static V1OwnerReference ReferenceTo(LLMDeployment owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new V1OwnerReference
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
    public static V1ObjectMeta ChildMeta(LLMDeployment owner, string childName)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new V1ObjectMeta
        {
            Name = childName,
            NamespaceProperty = owner.Metadata.NamespaceProperty,
            Labels = ChildLabels.All(owner.Metadata.Name!),
            OwnerReferences = [ReferenceTo(owner)],
        };
    }

    /// <summary>True when <paramref name="child"/> names <paramref name="owner"/> (by uid) as its controller.</summary>
    public static bool IsControlledBy(IKubernetesObject<V1ObjectMeta> child, LLMDeployment owner)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(owner);
        return child.Metadata.OwnerReferences?.Any(r => r.Controller == true && r.Uid == owner.Metadata.Uid) == true;
    }
}
