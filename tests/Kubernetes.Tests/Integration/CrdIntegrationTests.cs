using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Sluice.Kubernetes.Crds;
using Sluice.Kubernetes.Errors;
using Sluice.Kubernetes.Helpers;
using Sluice.Kubernetes.Serialization;
using Sluice.Kubernetes.Tests.ControlPlane;
using Sluice.Kubernetes.Tests.Crds;

namespace Sluice.Kubernetes.Tests.Integration;

[Collection(ControlPlaneCollection.Name)]
public sealed class CrdIntegrationTests
{
    private readonly ControlPlaneFixture _fixture;

    public CrdIntegrationTests(ControlPlaneFixture fixture)
    {
        _fixture = fixture;
    }

    [ControlPlaneFact]
    public async Task Generated_crd_applies_and_a_sample_object_round_trips()
    {
        var plane = _fixture.Plane;
        var ns = await plane.CreateNamespaceAsync("crd");
        using var client = plane.CreateClient();
        var yaml = CrdGenerator.ToYaml(CrdGenerator.Generate(typeof(Widget)));
        var crd = YamlJson.ParseDocuments(yaml).Single().Deserialize<V1CustomResourceDefinition>(ApiJson.Options)!;

        await client.ApplyAsync(ResourceTypes.CustomResourceDefinition, crd, "sluice-crds", force: true);
        await Eventually.HoldsAsync(async () => (await client.GetAsync<V1CustomResourceDefinition>(ResourceTypes.CustomResourceDefinition, null, crd.Metadata.Name!)).Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true,
            TimeSpan.FromSeconds(30), "the CRD is established");

        var full = new Widget
        {
            Metadata = new V1ObjectMeta { Name = "full", NamespaceProperty = ns },
            Spec = new WidgetSpec
            {
                Model = "hf://org/model",
                Replicas = 2,
                Size = WidgetSize.ExtraLarge,
                Tags = ["a", "b"],
                Owner = "team",
                Selector = new() { ["app"] = "w" },
                Port = "http",
                Limits = new WidgetLimits { TtftSeconds = 0.5, Percentile = 99 },
                Extra = new JsonObject { ["anything"] = new JsonObject { ["nested"] = 1 } },
            },
        };
        var created = await CreateEventuallyAsync(client, full);
        var stored = await client.GetAsync<Widget>(Widget.Type, ns, "full");
        SpecJson(stored).Should().Be(SpecJson(full), "nothing was pruned or changed");
        created.Metadata.Generation.Should().Be(1);

        var minimal = await client.CreateAsync(Widget.Type, new Widget { Metadata = new V1ObjectMeta { Name = "minimal", NamespaceProperty = ns }, Spec = new WidgetSpec { Model = "dummy://tiny" } });
        minimal.Spec.Replicas.Should().Be(1, "the schema default applies");
        minimal.Spec.Size.Should().Be(WidgetSize.Medium);

        var bad = new Widget { Metadata = new V1ObjectMeta { Name = "bad", NamespaceProperty = ns }, Spec = new WidgetSpec { Model = "not a url", Replicas = 11, Tags = ["1", "2", "3", "4"] } };
        var invalid = (await ((Func<Task>)(() => client.CreateAsync(Widget.Type, bad))).Should().ThrowAsync<InvalidException>()).Which;
        invalid.Causes.Select(c => c.Field).Should().Contain(["spec.model", "spec.replicas", "spec.tags"]);

        stored.Status = new WidgetStatus { Replicas = 2, Selector = "app=w", ObservedGeneration = 1 };
        Conditions.Set(stored.Status.Conditions ??= [], ConditionTypes.Ready, ConditionTypes.True, "Running", "all replicas ready", 1, DateTimeOffset.UtcNow);
        var withStatus = await client.ReplaceStatusAsync(Widget.Type, stored);
        withStatus.Status!.Conditions!.Single().ObservedGeneration.Should().Be(1);

        var scale = await client.SetScaleAsync(Widget.Type, ns, "full", 5);
        scale.Spec!.Replicas.Should().Be(5);
        scale.Status!.Selector.Should().Be("app=w");
        var scaled = await client.GetAsync<Widget>(Widget.Type, ns, "full");
        scaled.Spec.Replicas.Should().Be(5);
        scaled.Metadata.Generation.Should().Be(2, "a spec change bumps the generation; the status write did not");
    }

    private static async Task<Widget> CreateEventuallyAsync(Client.KubernetesClient client, Widget widget)
    {
        // The discovery of a just-established CRD can lag by a moment: retry 404 on the new type briefly.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await client.CreateAsync(Widget.Type, widget);
            }
            catch (NotFoundException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string SpecJson(Widget widget) => JsonSerializer.Serialize(widget.Spec, ApiJson.Options);
}
