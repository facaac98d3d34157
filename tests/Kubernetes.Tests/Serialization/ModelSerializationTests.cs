using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Kubernetes.Models;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Kubernetes.Tests.Serialization;

public class ModelSerializationTests
{
    [Fact]
    public void Unknown_fields_survive_a_read_modify_write()
    {
        const string json = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"ns","managedFields":[{"manager":"kubectl"}]},
             "spec":{"replicas":2,"futureField":{"a":1},"template":{"spec":{"containers":[{"name":"c","image":"i","securityContext":{"runAsUser":7}}]}}},
             "topLevelExtra":"x"}
            """;
        var deployment = JsonSerializer.Deserialize(json, KubernetesJsonContext.Default.Deployment)!;
        deployment.Spec!.Replicas = 3;

        var written = JsonNode.Parse(JsonSerializer.Serialize(deployment, KubernetesJsonContext.Default.Deployment))!;

        written["spec"]!["replicas"]!.GetValue<int>().Should().Be(3);
        written["spec"]!["futureField"]!["a"]!.GetValue<int>().Should().Be(1);
        written["spec"]!["template"]!["spec"]!["containers"]![0]!["securityContext"]!["runAsUser"]!.GetValue<int>().Should().Be(7);
        written["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>().Should().Be("kubectl");
        written["topLevelExtra"]!.GetValue<string>().Should().Be("x");
    }

    [Fact]
    public void Nulls_are_omitted_and_names_are_camel_case()
    {
        var configMap = new ConfigMap { Metadata = new ObjectMeta { Name = "c" }, Data = new() { ["k"] = "v" } };

        var text = JsonSerializer.Serialize(configMap, KubernetesJsonContext.Default.ConfigMap);

        text.Should().Be("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"v"}}""");
    }

    [Theory]
    [InlineData("2026-11-22T00:35:00Z", "2026-11-22T00:35:00Z")]
    [InlineData("2026-11-22T01:35:00+01:00", "2026-11-22T00:35:00Z")]
    public void Times_are_written_as_utc_seconds(string input, string expected)
    {
        var json = $$"""{"type":"Ready","status":"True","lastTransitionTime":"{{input}}"}""";
        var condition = JsonSerializer.Deserialize(json, KubernetesJsonContext.Default.Condition)!;

        JsonNode.Parse(JsonSerializer.Serialize(condition, KubernetesJsonContext.Default.Condition))!["lastTransitionTime"]!
            .GetValue<string>().Should().Be(expected);
    }

    [Fact]
    public void Lease_times_are_micro_time()
    {
        var lease = new Lease { Spec = new LeaseSpec { RenewTime = new DateTimeOffset(2026, 11, 22, 0, 35, 1, 250, TimeSpan.Zero) } };

        var node = JsonNode.Parse(JsonSerializer.Serialize(lease, KubernetesJsonContext.Default.Lease))!;

        node["spec"]!["renewTime"]!.GetValue<string>().Should().Be("2026-11-22T00:35:01.250000Z");
    }

    [Theory]
    [InlineData("""{"port":8000}""", 8000, null)]
    [InlineData("""{"port":"http"}""", null, "http")]
    public void Int_or_string_keeps_its_form(string json, int? number, string? name)
    {
        var action = JsonSerializer.Deserialize(json, KubernetesJsonContext.Default.JsonObject)!.Deserialize<HttpGetAction>(KubernetesJson.Default)!;

        action.Port.IntValue.Should().Be(number);
        action.Port.StringValue.Should().Be(name);
        JsonSerializer.Serialize(action, KubernetesJson.Default).Should().Be(json);
    }

    [Fact]
    public void Secret_data_is_base64_on_the_wire()
    {
        var secret = new Secret { Data = new() { ["token"] = "abc"u8.ToArray() } };

        var node = JsonNode.Parse(JsonSerializer.Serialize(secret, KubernetesJsonContext.Default.Secret))!;

        node["data"]!["token"]!.GetValue<string>().Should().Be("YWJj");
    }

    [Fact]
    public void Unregistered_types_fail_with_a_clear_message()
    {
        var act = () => KubernetesJson.Default.TypeInfo<UnregisteredObject>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*JsonSerializable*UnregisteredObject*");
    }

    public sealed class UnregisteredObject : KubernetesObject
    {
    }
}
