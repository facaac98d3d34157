namespace Sluice.Kubernetes.Crds;

/// <summary>Enables the status subresource: status is written through /status only and spec changes bump metadata.generation.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class StatusSubresourceAttribute : Attribute
{
}
