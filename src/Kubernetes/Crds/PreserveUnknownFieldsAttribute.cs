namespace Sluice.Kubernetes.Crds;

/// <summary>The API server keeps fields under this object that the schema does not list (x-kubernetes-preserve-unknown-fields).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = false)]
public sealed class PreserveUnknownFieldsAttribute : Attribute
{
}
