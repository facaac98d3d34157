using System.Text.Json.Nodes;
using k8s.Models;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Helpers;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Kubernetes.Tests.Integration;

[Collection(ControlPlaneCollection.Name)]
public sealed class ClientCrudTests
{
    private readonly ControlPlaneFixture _fixture;

    public ClientCrudTests(ControlPlaneFixture fixture)
    {
        _fixture = fixture;
    }

    [ControlPlaneFact]
    public async Task Create_get_list_patch_apply_and_delete_round_trip()
    {
        var plane = _fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("crud");
        using var client = plane.CreateClient();
        var type = ResourceTypes.ConfigMap;

        var created = await client.CreateAsync(type, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = ns, Labels = new Dictionary<string, string>() { ["app"] = "x" } }, Data = new Dictionary<string, string>() { ["k"] = "1" } });
        created.Metadata.Uid.Should().NotBeNullOrEmpty();
        await client.CreateAsync(type, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "b", NamespaceProperty = ns }, Data = new Dictionary<string, string>() { ["k"] = "2" } });
        var duplicate = () => client.CreateAsync(type, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = ns } });
        await duplicate.Should().ThrowAsync<AlreadyExistsException>();

        (await client.GetAsync<V1ConfigMap>(type, ns, "a")).Data!["k"].Should().Be("1");
        (await client.TryGetAsync<V1ConfigMap>(type, ns, "missing")).Should().BeNull();
        var missing = () => client.GetAsync<V1ConfigMap>(type, ns, "missing");
        (await missing.Should().ThrowAsync<NotFoundException>()).Which.Status.Reason.Should().Be("NotFound");

        (await client.ListAsync<V1ConfigMap>(type, ns, new ListOptions { LabelSelector = "app=x" })).Items.Select(c => c.Metadata.Name).Should().Equal("a");
        var firstPage = await client.ListAsync<V1ConfigMap>(type, ns, new ListOptions { Limit = 1 });
        firstPage.Items.Should().HaveCount(1);
        firstPage.Metadata.ContinueProperty.Should().NotBeNullOrEmpty();
        (await client.ListAllAsync<V1ConfigMap>(type, ns, new ListOptions { Limit = 1 })).Items.Select(c => c.Metadata.Name)
            .Where(n => n is "a" or "b").Should().BeEquivalentTo(["a", "b"]);

        var patched = await client.PatchAsync<V1ConfigMap>(type, ns, "a", new JsonObject { ["data"] = new JsonObject { ["extra"] = "y" } });
        patched.Data.Should().Contain(new KeyValuePair<string, string>("k", "1")).And.Contain(new KeyValuePair<string, string>("extra", "y"));

        var applied = await client.ApplyAsync(type, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = ns }, Data = new Dictionary<string, string>() { ["owned"] = "z" } }, "sluice-test");
        applied.Metadata.ManagedFields.Should().ContainSingle(f => f.Manager == "sluice-test");
        var stolen = () => client.ApplyAsync(type, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = ns }, Data = new Dictionary<string, string>() { ["owned"] = "other" } }, "someone-else");
        await stolen.Should().ThrowAsync<ConflictException>();
        (await client.ApplyAsync(type, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = ns }, Data = new Dictionary<string, string>() { ["owned"] = "other" } }, "someone-else", force: true))
            .Data!["owned"].Should().Be("other");

        var stale = () => client.DeleteAsync(type, ns, "a", new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = created.Metadata.ResourceVersion } });
        await stale.Should().ThrowAsync<ConflictException>();
        (await client.DeleteAsync(type, ns, "a")).Should().BeTrue();
        (await client.DeleteAsync(type, ns, "a")).Should().BeFalse();
    }

    [ControlPlaneFact]
    public async Task Two_writers_conflict_and_retry_converges()
    {
        var plane = _fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("occ");
        using var client = plane.CreateClient();
        var type = ResourceTypes.ConfigMap;
        await client.CreateAsync(type, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "counter", NamespaceProperty = ns }, Data = new Dictionary<string, string>() { ["n"] = "0" } });
        var first = await client.GetAsync<V1ConfigMap>(type, ns, "counter");
        var second = await client.GetAsync<V1ConfigMap>(type, ns, "counter");

        first.Data!["n"] = "1";
        await client.ReplaceAsync(type, first);
        second.Data!["n"] = "1";
        var loser = () => client.ReplaceAsync(type, second);
        await loser.Should().ThrowAsync<ConflictException>();

        const int writers = 4;
        const int incrementsEach = 5;
        var attempts = 0;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < incrementsEach; i++)
            {
                await ConflictRetry.RunAsync(async ct =>
                {
                    Interlocked.Increment(ref attempts);
                    var current = await client.GetAsync<V1ConfigMap>(type, ns, "counter", ct);
                    current.Data!["n"] = (int.Parse(current.Data["n"]) + 1).ToString();
                    await client.ReplaceAsync(type, current, ct);
                }, maxAttempts: 100);
            }
        })));

        (await client.GetAsync<V1ConfigMap>(type, ns, "counter")).Data!["n"].Should().Be((1 + (writers * incrementsEach)).ToString());
        attempts.Should().BeGreaterThanOrEqualTo(writers * incrementsEach);
    }

    [ControlPlaneFact]
    public async Task Validation_errors_carry_field_causes()
    {
        var plane = _fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("invalid");
        using var client = plane.CreateClient();

        var act = () => client.CreateAsync(ResourceTypes.ConfigMap, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "Not_Valid", NamespaceProperty = ns } });

        var error = (await act.Should().ThrowAsync<InvalidException>()).Which;
        error.Causes.Should().Contain(c => c.Field == "metadata.name");
    }
}
