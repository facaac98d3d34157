using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Sluice.Kubernetes.Crds;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Tests.Crds;

public class CrdGeneratorTests
{
    private static readonly V1CustomResourceDefinition Crd = CrdGenerator.Generate(typeof(Widget));
    private static readonly V1JSONSchemaProps Root = Crd.Spec.Versions[0].Schema!.OpenAPIV3Schema;
    private static readonly V1JSONSchemaProps Spec = Root.Properties!["spec"];

    [Fact]
    public void Names_and_scope_come_from_the_entity_attribute()
    {
        Crd.Metadata.Name.Should().Be("widgets.test.sluice.dev");
        Crd.Spec.Group.Should().Be("test.sluice.dev");
        Crd.Spec.Scope.Should().Be("Namespaced");
        Crd.Spec.Names.Kind.Should().Be("Widget");
        Crd.Spec.Names.ListKind.Should().Be("WidgetList");
        Crd.Spec.Names.Singular.Should().Be("widget");
        Crd.Spec.Names.ShortNames.Should().Equal("wd");
        Crd.Spec.Names.Categories.Should().Equal("sluice-test");
        Crd.Spec.Versions.Should().ContainSingle().Which.Name.Should().Be("v1alpha1");
    }

    [Theory]
    [InlineData("model", "string", null)]
    [InlineData("replicas", "integer", "int32")]
    [InlineData("size", "string", null)]
    [InlineData("tags", "array", null)]
    [InlineData("selector", "object", null)]
    [InlineData("limits", "object", null)]
    public void Property_types_map_to_openapi_types(string property, string type, string? format)
    {
        Spec.Properties![property].Type.Should().Be(type);
        Spec.Properties[property].Format.Should().Be(format);
    }

    [Fact]
    public void Validation_attributes_become_schema_constraints()
    {
        Spec.Required.Should().Equal("model");
        Spec.Properties!["model"].Pattern.Should().Be("^[a-z]+://.+$");
        Spec.Properties["replicas"].Minimum.Should().Be(0);
        Spec.Properties["replicas"].Maximum.Should().Be(10);
        ((JsonNode)Spec.Properties["replicas"].DefaultProperty!).GetValue<long>().Should().Be(1);
        Spec.Properties["size"].EnumProperty!.Select(e => ((JsonNode)e).GetValue<string>()).Should().Equal("small", "medium", "extra-large");
        ((JsonNode)Spec.Properties["size"].DefaultProperty!).GetValue<string>().Should().Be("medium");
        Spec.Properties["tags"].MaxItems.Should().Be(3);
        ((V1JSONSchemaProps)Spec.Properties["tags"].Items!).Type.Should().Be("string");
        Spec.Properties["owner"].MinLength.Should().Be(1);
        Spec.Properties["owner"].MaxLength.Should().Be(20);
        ((V1JSONSchemaProps)Spec.Properties["selector"].AdditionalProperties!).Type.Should().Be("string");
        Spec.Properties["port"].XKubernetesIntOrString.Should().BeTrue();
        Spec.Properties["extra"].XKubernetesPreserveUnknownFields.Should().BeTrue();
        var limits = Spec.Properties["limits"];
        limits.Required.Should().Equal("ttftSeconds");
        limits.Properties!["ttftSeconds"].ExclusiveMinimum.Should().BeTrue();
    }

    [Theory]
    [InlineData("model", "Where the model comes from, e.g. dummy://tiny.")]
    [InlineData("size", "How big the widget is.")]
    [InlineData("limits", "Latency limits of a widget.")]
    public void Descriptions_come_from_xml_docs_or_the_description_attribute(string property, string description)
    {
        Spec.Properties![property].Description.Should().Be(description);
    }

    [Fact]
    public void A_list_map_is_keyed_by_required_item_fields()
    {
        var conditions = Root.Properties!["status"].Properties!["conditions"];

        conditions.XKubernetesListType.Should().Be("map");
        conditions.XKubernetesListMapKeys.Should().Equal("type");
        ((V1JSONSchemaProps)conditions.Items!).Required.Should().Contain("type");
        Spec.Properties!["extra"].XKubernetesListType.Should().BeNull();
    }

    [Fact]
    public void Subresources_and_printer_columns_are_declared()
    {
        var version = Crd.Spec.Versions[0];
        version.Subresources!.Status.Should().NotBeNull();
        version.Subresources.Scale!.SpecReplicasPath.Should().Be(".spec.replicas");
        version.Subresources.Scale.LabelSelectorPath.Should().Be(".status.selector");
        version.AdditionalPrinterColumns!.Select(c => c.Name).Should().Equal("Replicas", "Model", "Age");
        version.AdditionalPrinterColumns![1].Priority.Should().Be(1);
        ((V1JSONSchemaProps)Root.Properties!["status"].Properties!["conditions"].Items!).Properties!.Keys
            .Should().Contain(["type", "status", "observedGeneration", "lastTransitionTime", "reason", "message"]);
    }

    [Fact]
    public void Yaml_reads_back_as_the_same_json()
    {
        var yaml = CrdGenerator.ToYaml(Crd);

        var parsed = YamlJson.ParseDocuments(yaml).Should().ContainSingle().Subject;
        var expected = JsonSerializer.SerializeToNode(Crd, ApiJson.Options);
        JsonNode.DeepEquals(parsed, expected).Should().BeTrue(yaml);
        yaml.Should().StartWith("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n");
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        CrdGenerator.ToYaml(CrdGenerator.Generate(typeof(Widget))).Should().Be(CrdGenerator.ToYaml(Crd));
    }

    [Theory]
    [InlineData(typeof(string), "*no [Entity]*")]
    [InlineData(typeof(NotAnObject), "*must derive from IKubernetesObject<V1ObjectMeta>*")]
    public void Bad_entity_types_are_rejected_clearly(Type type, string message)
    {
        var act = () => CrdGenerator.Generate(type);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Entity("x.dev", "v1", "NotAnObject")]
    public sealed class NotAnObject
    {
    }
}
