using Sluice.Controllers.Desired;

namespace Sluice.Controllers.Tests.Desired;

public class OtherChildrenTests
{
    [Fact]
    public void Service_exposes_the_api_and_metrics_ports_on_the_engine_port()
    {
        var service = ServiceBuilder.Build(Fixtures.Input(Fixtures.Resource()));

        service.Metadata.Name.Should().Be("chat");
        service.Spec!.Selector.Should().BeEquivalentTo(ChildLabels.Selector("chat"));
        service.Spec.Ports!.Select(p => (p.Name, p.Port, p.TargetPort!.Value))
            .Should().Equal(("http", 8000, "http"), ("metrics", 9100, "http"));
        service.Metadata.OwnerReferences.Should().ContainSingle(r => r.Uid == "uid-1");
    }

    [Fact]
    public void Endpoint_is_the_in_cluster_openai_url()
    {
        ServiceBuilder.Endpoint(Fixtures.Input(Fixtures.Resource())).Should().Be("http://chat.ml.svc.cluster.local:8000/v1");
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(5, true)]
    public void Pdb_only_with_more_than_one_replica(int replicas, bool expected)
    {
        var pdb = PodDisruptionBudgetBuilder.Build(Fixtures.Input(Fixtures.Resource(), replicas));

        (pdb is not null).Should().Be(expected);
        if (pdb is not null)
        {
            pdb.Spec!.MaxUnavailable.Value.Should().Be("1");
            pdb.Spec.Selector!.MatchLabels.Should().BeEquivalentTo(ChildLabels.Selector("chat"));
        }
    }

    [Fact]
    public void An_slo_edit_leaves_the_pod_template_alone_so_no_pod_restarts()
    {
        var before = DeploymentBuilder.Build(Fixtures.Input(Fixtures.Resource(edit: s => s.Slo = new() { Ttft = "500ms", Tpot = "20ms" })));
        var after = DeploymentBuilder.Build(Fixtures.Input(Fixtures.Resource(edit: s => s.Slo = new() { Ttft = "400ms", Tpot = "10ms", Percentile = 99 })));
        var quantized = DeploymentBuilder.Build(Fixtures.Input(Fixtures.Resource(edit: s => s.Quantization = "fp8")));

        Json(after.Spec!.Template).Should().Be(Json(before.Spec!.Template), "the SLO limits reach running engines through /admin/config");
        Json(quantized.Spec!.Template).Should().NotBe(Json(before.Spec.Template), "what the engine reads at start does roll the pods");
    }

    private static string Json(k8s.Models.V1PodTemplateSpec template) =>
        System.Text.Json.JsonSerializer.Serialize(template, Kubernetes.Serialization.ApiJson.Options);

    [Fact]
    public void Admin_secret_holds_a_fresh_random_token()
    {
        var token = AdminSecretBuilder.NewToken();
        var secret = AdminSecretBuilder.Build(Fixtures.Input(Fixtures.Resource()), token);

        token.Should().MatchRegex("^[0-9a-f]{64}$").And.NotBe(AdminSecretBuilder.NewToken());
        secret.Metadata.Name.Should().Be("chat-admin");
        secret.StringData!["token"].Should().Be(token);
    }
}
