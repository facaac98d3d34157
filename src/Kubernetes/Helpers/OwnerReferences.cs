using k8s;
using k8s.Models;

namespace Sluice.Kubernetes.Helpers;

/// <summary>Owner references for children, so the garbage collector deletes them with their owner.</summary>
public static class OwnerReferences
{
    /// <summary>A controller reference (controller and blockOwnerDeletion true) to <paramref name="owner"/>.</summary>
    public static V1OwnerReference ControllerReferenceTo(IKubernetesObject<V1ObjectMeta> owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new V1OwnerReference
        {
            ApiVersion = owner.ApiVersion ?? throw new ArgumentException("owner has no apiVersion", nameof(owner)),
            Kind = owner.Kind ?? throw new ArgumentException("owner has no kind", nameof(owner)),
            Name = owner.Metadata.Name ?? throw new ArgumentException("owner has no name", nameof(owner)),
            Uid = owner.Metadata.Uid ?? throw new ArgumentException("owner has no uid (read it from the server first)", nameof(owner)),
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }

    /// <summary>The reference with controller=true, or null.</summary>
    public static V1OwnerReference? ControllerOf(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
    }

    public static bool IsControlledBy(IKubernetesObject<V1ObjectMeta> child, IKubernetesObject<V1ObjectMeta> owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return ControllerOf(child)?.Uid is { } uid && uid == owner.Metadata.Uid;
    }

    /// <summary>
    /// Makes <paramref name="owner"/> the controller of <paramref name="child"/>. Throws when another object
    /// already controls the child (a controller must not adopt what another one manages).
    /// </summary>
    public static void SetControllerReference(IKubernetesObject<V1ObjectMeta> child, IKubernetesObject<V1ObjectMeta> owner)
    {
        ArgumentNullException.ThrowIfNull(child);
        var reference = ControllerReferenceTo(owner);
        if (ControllerOf(child) is { } existing && existing.Uid != reference.Uid)
        {
            throw new InvalidOperationException($"{child.Kind} {child.Metadata.Name} is already controlled by {existing.Kind} {existing.Name}");
        }

        child.Metadata.OwnerReferences = [.. (child.Metadata.OwnerReferences ?? []).Where(r => r.Uid != reference.Uid), reference];
    }
}
