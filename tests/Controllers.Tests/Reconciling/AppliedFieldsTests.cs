using System.Text.Json.Nodes;
using Sluice.Controllers.Reconciling;

namespace Sluice.Controllers.Tests.Reconciling;

public sealed class AppliedFieldsTests
{
    private static JsonObject O(string json) => JsonNode.Parse(json)!.AsObject();

    private const string Desired = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a","labels":{"x":"1"}},
         "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"engine","args":["--a","1"]}]}}}}
        """;

    [Fact]
    public void Server_defaults_and_fields_of_others_do_not_count_as_a_difference()
    {
        var live = O("""
            {"metadata":{"name":"a","uid":"u","labels":{"x":"1","other":"y"}},
             "spec":{"replicas":2,"strategy":{"type":"RollingUpdate"},"template":{"spec":{"containers":[{"name":"engine","args":["--a","1"],"imagePullPolicy":"IfNotPresent"}]}}},
             "status":{"replicas":2}}
            """);

        AppliedFields.AreCovered(live, O(Desired)).Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"a","labels":{"x":"2"}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"engine","args":["--a","1"]}]}}}}""")]
    [InlineData("""{"metadata":{"name":"a"},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"engine","args":["--a","1"]}]}}}}""")]
    [InlineData("""{"metadata":{"name":"a","labels":{"x":"1"}},"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"engine","args":["--a","1"]}]}}}}""")]
    [InlineData("""{"metadata":{"name":"a","labels":{"x":"1"}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"engine","args":["--a","1","--b"]}]}}}}""")]
    [InlineData("""{"metadata":{"name":"a","labels":{"x":"1"}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"engine","args":["1","--a"]}]}}}}""")]
    [InlineData("""{"metadata":{"name":"a","labels":{"x":"1"}},"spec":{"replicas":"2","template":{"spec":{"containers":[{"name":"engine","args":["--a","1"]}]}}}}""")]
    public void A_changed_missing_reordered_or_retyped_field_is_a_difference(string live)
    {
        AppliedFields.AreCovered(O(live), O(Desired)).Should().BeFalse();
    }

    [Fact]
    public void Type_fields_at_the_top_are_not_compared()
    {
        AppliedFields.AreCovered(O("""{"metadata":{"name":"a"}}"""), O("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"}}""")).Should().BeTrue();
    }
}
