using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Sluice.Controllers.SloControl;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;

namespace Sluice.E2E.Infrastructure;

/// <summary>
/// Plays scheduler and kubelet for engine pods (label app.kubernetes.io/name=sluice-engine) in one namespace,
/// as kwok does: binds new pods to a fake node, starts a real CPU <c>sluice-engine</c> per pod serving a
/// <c>dummy://</c> model on its own loopback port, reports it Running/Ready with podIP 127.0.0.1 (and its port in the
/// sluice.dev/engine-port annotation) once /health answers, and on deletion stops the engine and removes the pod. A pod with
/// a model fetch init container runs it first (<see cref="FetchInitContainer"/>, against the node's one cache directory)
/// and its engine then serves the fetched model. An engine that dies (<see cref="CrashAsync"/>) is restarted in place as
/// restartPolicy Always does: the pod turns not Ready with the container's last state terminated (exit 137, OOMKilled)
/// and a higher restartCount, then Ready again. Pods of other models (GPU examples) are bound but stay Pending, as on a
/// cluster without GPUs. Services cannot be routed on
/// loopback (Endpoints reject 127.0.0.0/8 and every pod would claim port 8000), so
/// <see cref="ResolveServiceAsync"/> plays kube-proxy: Service selector → a Ready pod → its engine's address.
/// </summary>
public sealed class NodeSimulator : IAsyncDisposable
{
    public const string NodeName = "sluice-sim-node";
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);
    private readonly IKubernetesClient _client;
    private readonly RawApi _raw;
    private readonly string _namespace;
    private readonly ConcurrentDictionary<string, EngineProcess> _engines = new();
    private readonly ConcurrentDictionary<string, Task> _starting = new();
    private readonly ConcurrentDictionary<string, int> _restarts = new();
    private readonly ConcurrentDictionary<string, bool> _fetchFailed = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _tokenDirectory = Directory.CreateTempSubdirectory("sluice-sim-").FullName;
    private readonly FetchInitContainer _fetch;
    private readonly string _startedAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    private DateTime _lastHeartbeat;
    private Task? _loop;

    public NodeSimulator(IKubernetesClient client, RawApi raw, string @namespace)
    {
        _client = client;
        _raw = raw;
        _namespace = @namespace;
        _fetch = new FetchInitContainer(client, @namespace, Directory.CreateDirectory(Path.Combine(_tokenDirectory, "node-cache")).FullName,
            Directory.CreateDirectory(Path.Combine(_tokenDirectory, "pods")).FullName);
    }

    /// <summary>Engine options the pods asked for that the local engine build did not accept (by pod).</summary>
    public ConcurrentDictionary<string, IReadOnlyList<string>> DroppedOptions { get; } = new();

    /// <summary>Registers the fake node (idempotent) and starts the loop.</summary>
    public async Task StartAsync()
    {
        var node = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = NodeName } }.ToJsonString();
        await _raw.SendAsync(HttpMethod.Post, "/api/v1/nodes", node, allowConflict: true);
        await HeartbeatAsync();
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>Base address of a Ready engine behind <paramref name="serviceName"/>, or null when none is Ready.</summary>
    public async Task<Uri?> ResolveServiceAsync(string serviceName) => await ResolveAllAsync(serviceName) is [var first, ..] ? first : null;

    /// <summary>Base addresses of every Ready engine behind <paramref name="serviceName"/> (the endpoints kube-proxy would spread over).</summary>
    public async Task<IReadOnlyList<Uri>> ResolveAllAsync(string serviceName)
    {
        var service = await _client.GetAsync<V1Service>(ResourceTypes.Service, _namespace, serviceName);
        var selector = string.Join(',', service.Spec!.Selector!.Select(kv => $"{kv.Key}={kv.Value}"));
        var pods = await _client.ListAsync<V1Pod>(ResourceTypes.Pod, _namespace, new ListOptions { LabelSelector = selector });
        return
        [
            .. pods.Items
                .Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
                .Select(p => _engines.TryGetValue(p.Metadata.Name!, out var engine) ? engine.BaseAddress : null)
                .OfType<Uri>(),
        ];
    }

    /// <summary>Why the last engine start or publish of a pod failed (the next step retries it), by pod name.</summary>
    public ConcurrentDictionary<string, string> StartFailures { get; } = new(StringComparer.Ordinal);

    /// <summary>Engines currently running, by pod name.</summary>
    public IReadOnlyCollection<string> RunningPods => [.. _engines.Keys];

    /// <summary>The base address of the engine running for <paramref name="podName"/>, or null.</summary>
    public Uri? EngineAddress(string podName) => _engines.TryGetValue(podName, out var engine) ? engine.BaseAddress : null;

    /// <summary>Kills the engine of <paramref name="podName"/> as a crash would; the loop then restarts it like a kubelet.</summary>
    public async Task CrashAsync(string podName)
    {
        if (_engines.TryGetValue(podName, out var engine))
        {
            await engine.KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        await Task.WhenAll(_starting.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var engine in _engines.Values)
        {
            await engine.DisposeAsync();
        }

        _stop.Dispose();
        Directory.Delete(_tokenDirectory, recursive: true);
    }

    /// <summary>
    /// Reports the node Ready with a fresh heartbeat, as a kubelet does: without it the node lifecycle controller
    /// declares the node unreachable after its grace period (40 s) and marks every pod on it not Ready.
    /// </summary>
    private async Task HeartbeatAsync()
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await _raw.SendAsync(HttpMethod.Patch, $"/api/v1/nodes/{NodeName}/status",
            new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["conditions"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "Ready",
                        ["status"] = "True",
                        ["reason"] = "Simulated",
                        ["lastHeartbeatTime"] = now,
                        ["lastTransitionTime"] = _startedAt,
                    }),
                    ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = "127.0.0.1" }),
                },
            }.ToJsonString(),
            "application/merge-patch+json");
        _lastHeartbeat = DateTime.UtcNow;
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (DateTime.UtcNow - _lastHeartbeat > HeartbeatInterval)
                {
                    await HeartbeatAsync();
                }

                await StepAsync();
                await Task.Delay(250, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or Kubernetes.Errors.KubernetesApiException)
            {
                // A pod changed under us (deleted, conflict): the next step sees the new state.
                await Task.Delay(250, CancellationToken.None);
            }
        }
    }

    private async Task StepAsync()
    {
        var pods = (await _client.ListAsync<V1Pod>(ResourceTypes.Pod, _namespace, new ListOptions { LabelSelector = "app.kubernetes.io/name=sluice-engine" })).Items;
        foreach (var pod in pods)
        {
            var name = pod.Metadata.Name!;
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                await StopAsync(name);
                await _client.DeleteAsync(ResourceTypes.Pod, _namespace, name, new V1DeleteOptions { GracePeriodSeconds = 0 });
            }
            else if (pod.Spec?.NodeName is null)
            {
                await _raw.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{_namespace}/pods/{name}/binding",
                    new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "Binding",
                        ["metadata"] = new JsonObject { ["name"] = name },
                        ["target"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = NodeName },
                    }.ToJsonString(),
                    allowConflict: true);
            }
            else if (_engines.TryGetValue(name, out var engine) && engine.HasExited)
            {
                await RecordCrashAsync(pod, engine);
            }
            else if (!_engines.ContainsKey(name) && !_starting.ContainsKey(name) && (IsDummy(pod) || FetchInitContainer.Present(pod)) && !_fetchFailed.ContainsKey(name))
            {
                _starting[name] = Task.Run(() => StartEngineAsync(pod));
            }
        }

        foreach (var gone in _engines.Keys.Except(pods.Select(p => p.Metadata.Name!)).ToList())
        {
            await StopAsync(gone);
        }
    }

    private static bool IsDummy(V1Pod pod)
    {
        var args = pod.Spec!.Containers[0].Args ?? [];
        var model = args.SkipWhile(a => a != "--model").Skip(1).FirstOrDefault();
        return model?.StartsWith("dummy://", StringComparison.Ordinal) == true;
    }

    private async Task StartEngineAsync(V1Pod pod)
    {
        var name = pod.Metadata.Name!;
        try
        {
            string? model = null;
            if (FetchInitContainer.Present(pod) && (model = await _fetch.RunAsync(pod, _stop.Token)) is null)
            {
                _fetchFailed[name] = true; // reported terminated with its exit code; a kubelet would restart it, the test reads the reason
                return;
            }

            var secretName = pod.Spec!.Volumes!.Single(v => v.Name == "admin-token").Secret!.SecretName!;
            var secret = await _client.GetAsync<V1Secret>(ResourceTypes.Secret, _namespace, secretName);
            var tokenFile = Path.Combine(_tokenDirectory, name);
            await File.WriteAllBytesAsync(tokenFile, secret.Data!["token"]);
            var args = await EngineArguments.FromPodAsync(pod.Spec.Containers[0].Args!, tokenFile, model);
            DroppedOptions[name] = args.Dropped;
            var engine = await EngineProcess.StartAsync(args.Args, TimeSpan.FromSeconds(90));
            try
            {
                // Every pod shares 127.0.0.1: the operator finds this pod's engine port through the annotation.
                await _client.PatchAsync<V1Pod>(ResourceTypes.Pod, _namespace, name, new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["annotations"] = new JsonObject { [EnginePods.PortAnnotation] = engine.BaseAddress.Port.ToString(CultureInfo.InvariantCulture) },
                    },
                });
                await MarkReadyAsync(name, pod.Spec.Containers[0].Name);
                _engines[name] = engine;
            }
            catch
            {
                // Not published: stop it so the next step starts the pod's engine again from scratch.
                await engine.DisposeAsync();
                throw;
            }
        }
        catch (Exception ex)
        {
            StartFailures[name] = ex.Message;
            throw;
        }
        finally
        {
            _starting.TryRemove(name, out _);
        }
    }

    /// <summary>A dead engine: the pod turns not Ready with the container's last state; the next step starts it again.</summary>
    private async Task RecordCrashAsync(V1Pod pod, EngineProcess engine)
    {
        var name = pod.Metadata.Name!;
        _engines.TryRemove(name, out _);
        await engine.DisposeAsync();
        var restarts = _restarts.AddOrUpdate(name, 1, (_, n) => n + 1);
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        JsonObject Cond(string type, string status) => new() { ["type"] = type, ["status"] = status, ["lastTransitionTime"] = now };
        await _client.PatchStatusAsync<V1Pod>(ResourceTypes.Pod, _namespace, name, new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(Cond("Initialized", "True"), Cond("PodScheduled", "True"), Cond("ContainersReady", "False"), Cond("Ready", "False")),
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = pod.Spec!.Containers[0].Name,
                    ["ready"] = false,
                    ["started"] = false,
                    ["restartCount"] = restarts,
                    ["image"] = "sluice-engine:local",
                    ["imageID"] = "local",
                    ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
                    ["lastState"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 137, ["reason"] = "OOMKilled", ["finishedAt"] = now } },
                }),
            },
        });
    }

    private async Task MarkReadyAsync(string name, string container)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        JsonObject Cond(string type) => new() { ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now };
        var patch = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["hostIP"] = "127.0.0.1",
                ["podIP"] = "127.0.0.1",
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = "127.0.0.1" }),
                ["startTime"] = now,
                ["conditions"] = new JsonArray(Cond("Initialized"), Cond("PodScheduled"), Cond("ContainersReady"), Cond("Ready")),
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = container,
                    ["ready"] = true,
                    ["started"] = true,
                    ["restartCount"] = _restarts.GetValueOrDefault(name),
                    ["image"] = "sluice-engine:local",
                    ["imageID"] = "local",
                    ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                }),
            },
        };
        await _client.PatchStatusAsync<V1Pod>(ResourceTypes.Pod, _namespace, name, patch);
    }

    private async Task StopAsync(string name)
    {
        if (_engines.TryRemove(name, out var engine))
        {
            await engine.DisposeAsync();
        }
    }
}
