using k8s.Models;
using Sluice.Controllers.SloControl;

namespace Sluice.Controllers.Tests.SloControl;

public class EnginePodsTests
{
    private static V1Pod Pod(string name, string? ip, bool ready, string? portAnnotation = null, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            DeletionTimestamp = deleting ? DateTime.UnixEpoch : null,
            Annotations = portAnnotation is null ? null : new Dictionary<string, string>(StringComparer.Ordinal) { [EnginePods.PortAnnotation] = portAnnotation },
        },
        Status = new V1PodStatus
        {
            PodIP = ip,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        },
    };

    [Fact]
    public void Only_ready_pods_with_an_ip_that_are_not_leaving_are_addressed_sorted_by_name()
    {
        V1Pod[] pods =
        [
            Pod("b", "10.0.0.2", true),
            Pod("a", "10.0.0.1", true),
            Pod("not-ready", "10.0.0.3", false),
            Pod("no-ip", null, true),
            Pod("leaving", "10.0.0.4", true, deleting: true),
        ];

        var ready = EnginePods.Ready(pods, 8000);

        ready.Select(p => (p.Name, p.BaseUrl.ToString())).Should().Equal(("a", "http://10.0.0.1:8000/"), ("b", "http://10.0.0.2:8000/"));
    }

    [Theory]
    [InlineData("10.0.0.1", null, "http://10.0.0.1:8000/")]
    [InlineData("127.0.0.1", "41234", "http://127.0.0.1:41234/")]
    [InlineData("127.0.0.1", "0", "http://127.0.0.1:8000/")]
    [InlineData("127.0.0.1", "not-a-port", "http://127.0.0.1:8000/")]
    [InlineData("127.0.0.1", "70000", "http://127.0.0.1:8000/")]
    [InlineData("fd00::5", null, "http://[fd00::5]:8000/")]
    public void The_port_annotation_overrides_the_api_port_only_when_valid(string ip, string? annotation, string expected)
    {
        EnginePods.Ready([Pod("p", ip, true, annotation)], 8000).Single().BaseUrl.ToString().Should().Be(expected);
    }
}
