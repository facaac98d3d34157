namespace Sluice.Kubernetes.Tests.ControlPlane;

/// <summary>Tests sharing one <see cref="ControlPlaneFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "control plane";
}
