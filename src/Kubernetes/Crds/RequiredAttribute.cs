namespace Sluice.Kubernetes.Crds;

/// <summary>The field must be present (the schema lists it in required). C# <c>required</c> members are required too.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class RequiredAttribute : Attribute
{
}
