using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Sluice.Kubernetes.Serialization;
using Sluice.Kubernetes.Tests.Crds;

namespace Sluice.Kubernetes.Tests.Serialization;

public class ApiJsonTests
{
    [Fact]
    public void Nulls_are_omitted_and_names_are_camel_case()
    {
        var configMap = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["k"] = "v" } };

        var written = JsonSerializer.SerializeToNode(configMap, ApiJson.Options)!;

        JsonNode.DeepEquals(written, JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"v"}}""")).Should().BeTrue(written.ToJsonString());
    }

    [Theory]
    [InlineData("2026-11-22T00:35:00Z", "2026-11-22T00:35:00Z")]
    [InlineData("2026-11-22T01:35:00+01:00", "2026-11-22T00:35:00Z")]
    [InlineData("2026-11-22T00:35:01.25Z", "2026-11-22T00:35:01.250000Z")]
    public void Times_are_written_in_utc_as_rfc3339(string input, string expected)
    {
        var json = $$"""{"type":"Ready","status":"True","lastTransitionTime":"{{input}}"}""";
        var condition = JsonSerializer.Deserialize<V1Condition>(json, ApiJson.Options)!;

        JsonSerializer.SerializeToNode(condition, ApiJson.Options)!["lastTransitionTime"]!.GetValue<string>().Should().Be(expected);
    }

    [Fact]
    public void Lease_times_are_micro_time()
    {
        var lease = new V1Lease { Spec = new V1LeaseSpec { RenewTime = new DateTime(2026, 11, 22, 0, 35, 1, 250, DateTimeKind.Utc) } };

        JsonSerializer.SerializeToNode(lease, ApiJson.Options)!["spec"]!["renewTime"]!.GetValue<string>().Should().Be("2026-11-22T00:35:01.250000Z");
    }

    [Theory]
    [InlineData("""{"port":8000}""", "8000")]
    [InlineData("""{"port":"http"}""", "http")]
    public void Int_or_string_keeps_its_form(string json, string value)
    {
        var action = JsonSerializer.Deserialize<V1HTTPGetAction>(json, ApiJson.Options)!;

        action.Port.Value.Should().Be(value);
        JsonSerializer.Serialize(action, ApiJson.Options).Should().Be(json);
    }

    [Fact]
    public void Quantities_keep_their_text()
    {
        var resources = JsonSerializer.Deserialize<V1ResourceRequirements>("""{"limits":{"memory":"16Gi","nvidia.com/gpu":"1"}}""", ApiJson.Options)!;

        resources.Limits!["memory"].ToString().Should().Be("16Gi");
        JsonSerializer.SerializeToNode(resources, ApiJson.Options)!["limits"]!["nvidia.com/gpu"]!.GetValue<string>().Should().Be("1");
    }

    [Fact]
    public void Secret_data_is_base64_on_the_wire()
    {
        var secret = new V1Secret { Data = new Dictionary<string, byte[]> { ["token"] = "abc"u8.ToArray() } };

        JsonSerializer.SerializeToNode(secret, ApiJson.Options)!["data"]!["token"]!.GetValue<string>().Should().Be("YWJj");
    }

    [Fact]
    public void A_custom_resource_writes_apiVersion_kind_and_metadata_first_and_reads_back()
    {
        var widget = new Widget { Metadata = new V1ObjectMeta { Name = "w", NamespaceProperty = "ns" } };
        widget.Spec.Replicas = 3;

        var text = JsonSerializer.Serialize(widget, ApiJson.Options);
        var back = JsonSerializer.Deserialize<Widget>(text, ApiJson.Options)!;

        text.Should().StartWith("""{"apiVersion":"test.sluice.dev/v1alpha1","kind":"Widget","metadata":{"name":"w","namespace":"ns"}""");
        back.Spec.Replicas.Should().Be(3);
        back.Metadata.NamespaceProperty.Should().Be("ns");
    }

    [Fact]
    public void The_options_are_the_package_own_and_read_only()
    {
        ApiJson.Options.IsReadOnly.Should().BeTrue();
        k8s.KubernetesJson.Serialize(new V1Namespace { Metadata = new V1ObjectMeta { Name = "n" } })
            .Should().Be(JsonSerializer.Serialize(new V1Namespace { Metadata = new V1ObjectMeta { Name = "n" } }, ApiJson.Options));
    }
}
