using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Controllers.SloControl;
using Sluice.Controllers.Tests.EngineApi;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;

namespace Sluice.Controllers.Tests.Integration;

/// <summary>
/// Plays the kubelet for the test control plane (which has none): creates engine-shaped pods and writes their
/// status (phase, IP, conditions, container statuses) the way a kubelet would.
/// </summary>
internal static class NodePlayer
{
    /// <summary>
    /// Creates a pod labelled as <paramref name="deployment"/>'s engine, whose "engine" container has <paramref name="args"/>, and
    /// whose engine port annotation points at <paramref name="port"/> on loopback. Retries while the namespace's default
    /// ServiceAccount or its token do not exist yet (admission answers 403 or a 500 ServerTimeout until then).
    /// </summary>
    public static async Task CreatePodAsync(KubernetesClient client, string ns, string name, string deployment, int port, IList<string>? args = null)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Labels = ChildLabels.Selector(deployment),
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [EnginePods.PortAnnotation] = port.ToString(CultureInfo.InvariantCulture) },
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = PodTemplateBuilder.EngineContainerName, Image = "sluice-engine:test", Args = args }] },
        };

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.CreateAsync(ResourceTypes.Pod, pod);
                return;
            }
            catch (Exception ex) when (attempt < 100 && (ex is ForbiddenException || ex is KubernetesApiException { Status.Reason: "ServerTimeout" }))
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Marks the pod Running and Ready on 127.0.0.1 with a ready, running engine container.</summary>
    public static Task SetReadyAsync(KubernetesClient client, string ns, string name) => SetStatusAsync(client, ns, name, ready: true,
        new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-12-02T10:00:00Z" } }, lastState: null, restarts: 0);

    /// <summary>
    /// The kubelet's view of an engine that exited with <paramref name="exitCode"/> and <paramref name="message"/> (its termination
    /// message) and now waits in CrashLoopBackOff after <paramref name="restarts"/> restarts.
    /// </summary>
    public static Task SetCrashLoopingAsync(KubernetesClient client, string ns, string name, int exitCode, string message, int restarts) =>
        SetStatusAsync(client, ns, name, ready: false,
            new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = $"back-off restarting failed container engine in pod {name}" } },
            new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["exitCode"] = exitCode,
                    ["reason"] = "Error",
                    ["message"] = message,
                    ["startedAt"] = "2026-12-02T10:00:00Z",
                    ["finishedAt"] = "2026-12-02T10:00:05Z",
                },
            },
            restarts);

    /// <summary>
    /// The kubelet's view of a pod whose download init container exited with <paramref name="exitCode"/> and
    /// <paramref name="message"/> and waits in CrashLoopBackOff, while the engine container waits to initialize.
    /// </summary>
    public static async Task SetDownloadFailingAsync(KubernetesClient client, string ns, string name, int exitCode, string message)
    {
        var download = new JsonObject
        {
            ["name"] = ModelVolumes.DownloadContainerName,
            ["ready"] = false,
            ["restartCount"] = 2,
            ["image"] = "python:3.12-slim",
            ["imageID"] = "",
            ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff" } },
            ["lastState"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = exitCode, ["reason"] = "Error", ["message"] = message } },
        };
        var engine = new JsonObject
        {
            ["name"] = PodTemplateBuilder.EngineContainerName,
            ["ready"] = false,
            ["restartCount"] = 0,
            ["image"] = "sluice-engine:test",
            ["imageID"] = "",
            ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "PodInitializing" } },
        };
        await client.PatchStatusAsync<V1Pod>(ResourceTypes.Pod, ns, name, new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["initContainerStatuses"] = new JsonArray(download),
                ["containerStatuses"] = new JsonArray(engine),
            },
        });
    }

    /// <summary>A Secret holding <see cref="FakeEnginePod.Token"/> as <paramref name="deployment"/>'s admin token.</summary>
    public static Task<V1Secret> CreateAdminSecretAsync(KubernetesClient client, string ns, string deployment) =>
        client.CreateAsync(ResourceTypes.Secret, new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = ChildNames.For(deployment).AdminSecret, NamespaceProperty = ns },
            Data = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [EngineArgs.AdminTokenKey] = Encoding.UTF8.GetBytes(FakeEnginePod.Token) },
        });

    private static async Task SetStatusAsync(KubernetesClient client, string ns, string name, bool ready, JsonObject state, JsonObject? lastState, int restarts)
    {
        var engine = new JsonObject
        {
            ["name"] = PodTemplateBuilder.EngineContainerName,
            ["ready"] = ready,
            ["started"] = ready,
            ["restartCount"] = restarts,
            ["image"] = "sluice-engine:test",
            ["imageID"] = "",
            ["state"] = state,
        };
        if (lastState is not null)
        {
            engine["lastState"] = lastState;
        }

        await client.PatchStatusAsync<V1Pod>(ResourceTypes.Pod, ns, name, new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = "127.0.0.1",
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = "127.0.0.1" }),
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
                ["containerStatuses"] = new JsonArray(engine),
            },
        });
    }
}
