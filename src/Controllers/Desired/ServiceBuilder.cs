using k8s.Models;

namespace Sluice.Controllers.Desired;

/// <summary>The ClusterIP Service in front of the engine pods: the OpenAI port and a metrics port (same container port).</summary>
public static class ServiceBuilder
{
    public const string ApiPortName = "http";
    public const string MetricsPortName = "metrics";

    public static V1Service Build(DesiredInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new V1Service
        {
            Metadata = Ownership.ChildMeta(input.Resource, input.Names.Service),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = ChildLabels.Selector(input.Name),
                Ports =
                [
                    new V1ServicePort { Name = ApiPortName, Port = input.Settings.ApiPort, TargetPort = ApiPortName, Protocol = "TCP" },
                    new V1ServicePort { Name = MetricsPortName, Port = input.Settings.MetricsPort, TargetPort = ApiPortName, Protocol = "TCP" },
                ],
            },
        };
    }

    /// <summary>The in-cluster OpenAI base URL, e.g. <c>http://name.ns.svc.cluster.local:8000/v1</c>.</summary>
    public static string Endpoint(DesiredInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return $"http://{input.Names.Service}.{input.Resource.Metadata.NamespaceProperty}.svc.{input.Settings.ClusterDomain}:{input.Settings.ApiPort}/v1";
    }
}
