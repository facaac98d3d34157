using k8s.Models;
using Sluice.Kubernetes.Runtime;

namespace Sluice.Kubernetes.Tests.Runtime;

public class ObjectCacheTests
{
    private static V1ConfigMap Cm(string ns, string name, params string[] owners) => new()
    {
        Metadata = new V1ObjectMeta
        {
            NamespaceProperty = ns,
            Name = name,
            OwnerReferences = [.. owners.Select(o => new V1OwnerReference { Uid = o, Name = o, Kind = "X", ApiVersion = "v1" })],
        },
    };

    [Fact]
    public void Objects_are_indexed_by_key_namespace_and_owner()
    {
        var cache = new ObjectCache<V1ConfigMap>();
        cache.Upsert(Cm("a", "one", "owner-1"));
        cache.Upsert(Cm("a", "two", "owner-1", "owner-2"));
        cache.Upsert(Cm("b", "one"));

        cache.Count.Should().Be(3);
        cache.Get("a", "two").Should().NotBeNull();
        cache.List("a").Select(c => c.Metadata.Name).Should().BeEquivalentTo(["one", "two"]);
        cache.List().Should().HaveCount(3);
        cache.ListByOwner("owner-1").Select(c => c.Metadata.Name).Should().BeEquivalentTo(["one", "two"]);
        cache.ListByOwner("owner-2").Select(c => c.Metadata.Name).Should().Equal("two");
    }

    [Fact]
    public void Cached_objects_keep_no_managed_fields()
    {
        var cache = new ObjectCache<V1ConfigMap>();
        var cm = Cm("a", "one");
        cm.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Apply" }];

        cache.Upsert(cm);

        cache.Get("a", "one")!.Metadata.ManagedFields.Should().BeNull();
    }

    [Fact]
    public void Updates_and_removals_keep_the_indexes_right()
    {
        var cache = new ObjectCache<V1ConfigMap>();
        cache.Upsert(Cm("a", "one", "owner-1"));

        var old = cache.Upsert(Cm("a", "one", "owner-2"));
        old!.Metadata.OwnerReferences!.Single().Uid.Should().Be("owner-1");
        cache.ListByOwner("owner-1").Should().BeEmpty();
        cache.ListByOwner("owner-2").Should().ContainSingle();

        cache.Remove(ObjectKey.Of("a", "one")).Should().NotBeNull();
        cache.ListByOwner("owner-2").Should().BeEmpty();
        cache.List("a").Should().BeEmpty();
        cache.Remove(ObjectKey.Of("a", "one")).Should().BeNull();
    }

    [Theory]
    [InlineData("ns", "n", "ns/n")]
    [InlineData(null, "n", "n")]
    [InlineData("", "n", "n")]
    public void Keys_are_namespace_slash_name(string? ns, string name, string key) => ObjectKey.Of(ns, name).Should().Be(key);
}
