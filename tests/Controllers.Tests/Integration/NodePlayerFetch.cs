using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Controllers.SloControl;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;

namespace Sluice.Controllers.Tests.Integration;

/// <summary>Plays the kubelet for a pod whose fetch init container runs (the engine waits to start).</summary>
internal static class NodePlayerFetch
{
    /// <summary>Marks the pod Pending on 127.0.0.1 with a running download container, its port annotation at <paramref name="port"/>.</summary>
    public static async Task SetFetchingAsync(KubernetesClient client, string ns, string name, int port)
    {
        await client.PatchAsync<V1Pod>(ResourceTypes.Pod, ns, name, new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [EnginePods.PortAnnotation] = port.ToString(CultureInfo.InvariantCulture) } },
        });
        await client.PatchStatusAsync<V1Pod>(ResourceTypes.Pod, ns, name, new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["podIP"] = "127.0.0.1",
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = "127.0.0.1" }),
                ["initContainerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = ModelVolumes.DownloadContainerName,
                    ["ready"] = false,
                    ["restartCount"] = 0,
                    ["image"] = "sluice-engine:test",
                    ["imageID"] = "",
                    ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-12-03T10:00:00Z" } },
                }),
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = PodTemplateBuilder.EngineContainerName,
                    ["ready"] = false,
                    ["restartCount"] = 0,
                    ["image"] = "sluice-engine:test",
                    ["imageID"] = "",
                    ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "PodInitializing" } },
                }),
            },
        });
    }
}
