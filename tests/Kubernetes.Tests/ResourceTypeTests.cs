namespace Sluice.Kubernetes.Tests;

public class ResourceTypeTests
{
    private static readonly ResourceType Pods = new("", "v1", "Pod", "pods", Namespaced: true);
    private static readonly ResourceType Deployments = new("apps", "v1", "Deployment", "deployments", Namespaced: true);
    private static readonly ResourceType Crds = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", Namespaced: false);

    [Fact]
    public void Core_types_live_under_api()
    {
        Pods.ApiVersion.Should().Be("v1");
        Pods.Path("ns1", "p").Should().Be("/api/v1/namespaces/ns1/pods/p");
        Pods.Path().Should().Be("/api/v1/pods");
    }

    [Fact]
    public void Group_types_live_under_apis()
    {
        Deployments.ApiVersion.Should().Be("apps/v1");
        Deployments.Path("default").Should().Be("/apis/apps/v1/namespaces/default/deployments");
        Crds.Path(name: "llmdeployments.sluice.dev").Should().Be("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/llmdeployments.sluice.dev");
    }

    [Fact]
    public void Scope_mistakes_are_rejected()
    {
        ((Action)(() => Crds.Path("ns"))).Should().Throw<ArgumentException>().WithMessage("*cluster-scoped*");
        ((Action)(() => Pods.Path(name: "p"))).Should().Throw<ArgumentException>().WithMessage("*needs a namespace*");
    }
}
