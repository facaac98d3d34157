namespace Sluice.E2E.Infrastructure;

/// <summary>End-to-end tests sharing one <see cref="ClusterFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "e2e cluster";
}
