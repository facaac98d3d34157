using System.Globalization;
using System.Text.Json;
using k8s.Models;
using Sluice.Controllers.Runtimes;
using Sluice.Entities.Model;
using Sluice.Kubernetes.Serialization;

namespace Sluice.Controllers.Desired;

/// <summary>
/// The engine pod template: <c>sluice-engine serve</c> with probes on /ready, /health and a startup probe
/// sized for model loading, a preStop pause and a grace period covering the drain, the restricted security
/// context, GPU resources and scheduling from the catalog under the user's pod overrides, and volumes for
/// the model, the admin token, the engine config and /tmp. A proxied runtime (vllm, sglang, …) gets its own server and the
/// admission proxy instead of <c>sluice-engine serve</c> (<see cref="ProxiedRuntimePod"/>). The engine container's termination message falls back
/// to its log, so that a refused start reaches the status (see <see cref="TerminationMessagePolicy"/>).
/// </summary>
public static class PodTemplateBuilder
{
    public const string EngineContainerName = "engine";

    /// <summary>
    /// The engine writes its startup failure to /dev/termination-log; when it exits without one, the kubelet uses
    /// the log's tail. Either way the operator finds the reason in the container's terminated state.
    /// </summary>
    public const string TerminationMessagePolicy = "FallbackToLogsOnError";
    private const string TmpVolume = "tmp";
    private const string AdminVolume = "admin-token";

    /// <summary>
    /// The template. Everything the engine reads at start is in its arguments, so the template changes (and the pods
    /// roll) exactly when one of them does; SLO limits and tuned levers reach running engines through /admin/config.
    /// </summary>
    public static V1PodTemplateSpec Build(DesiredInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var source = ModelSource.Parse(spec.Model.Source);
        var annotations = new Dictionary<string, string>(spec.Pod?.Annotations ?? [], StringComparer.Ordinal);

        var volumes = new List<V1Volume>
        {
            new() { Name = TmpVolume, EmptyDir = new V1EmptyDirVolumeSource() },
            new() { Name = AdminVolume, Secret = new V1SecretVolumeSource { SecretName = input.Names.AdminSecret } },
        };
        volumes.AddRange(ModelVolumes.Volumes(source, spec.Model, input.Settings.ModelCache));

        var runtime = EngineRuntimeCatalog.For(spec) as IProxiedRuntime;
        if (runtime is not null)
        {
            volumes.Add(ProxiedRuntimePod.ShmVolumeFor());
        }

        // The fetcher is sluice-engine: spec.engine.image for the sluice runtime, the operator's engine image beside another runtime's.
        var fetcherImage = runtime is null ? spec.Engine?.Image ?? input.Settings.Image : input.Settings.Image;
        var download = ModelVolumes.DownloadContainer(source, spec.Model, fetcherImage, input.Settings, TmpVolume);
        return new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = ChildLabels.All(input.Name), Annotations = annotations.Count > 0 ? annotations : null },
            Spec = new V1PodSpec
            {
                Containers = runtime is null
                    ? [EngineContainer(input, source)]
                    : ProxiedRuntimePod.Containers(input, runtime, source, TmpVolume, AdminVolume, Resources(input)),
                InitContainers = download is null ? null : [download],
                Volumes = volumes,
                NodeSelector = NodeSelector(input),
                Tolerations = Tolerations(input),
                RestartPolicy = "Always",
                TerminationGracePeriodSeconds = input.Settings.DrainSeconds + input.Settings.PreStopSeconds + 10,
                SecurityContext = SecurityContexts.Pod(),
                AutomountServiceAccountToken = false,
                EnableServiceLinks = false,
                Affinity = spec.Pod?.Affinity?.Deserialize<V1Affinity>(ApiJson.Options),
                PriorityClassName = spec.Pod?.PriorityClassName,
            },
        };
    }

    private static V1Container EngineContainer(DesiredInput input, ModelSource source)
    {
        var spec = input.Spec;
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = TmpVolume, MountPath = "/tmp" },
            new() { Name = AdminVolume, MountPath = EngineArgs.AdminTokenDirectory, ReadOnlyProperty = true },
        };
        mounts.AddRange(ModelVolumes.EngineMounts(source));
        mounts.AddRange(ModelVolumes.KernelCacheMounts(source, input.Settings.ModelCache));

        var env = new List<V1EnvVar>
        {
            // Compiled CUDA kernels: on the shared cache claim when the pod has it (new pods load them), else on the
            // pod's emptyDir (an engine restarted in the same pod does not compile them again).
            new() { Name = "SLUICE_KERNEL_CACHE", Value = ModelVolumes.KernelCacheDirectory(source, input.Settings.ModelCache) },
        };
        env.AddRange(spec.Pod?.Env ?? []);

        // The download finishes in the init container; this covers reading the weights and compiling kernels.
        var (startupPeriodSeconds, startupChecks) = StartupBudget.Probe(input);
        return new V1Container
        {
            Name = EngineContainerName,
            Image = spec.Engine?.Image ?? input.Settings.Image,
            Command = ["sluice-engine"],
            Args = EngineArgs.For(spec, input.Settings),
            Env = env,
            Ports = [new V1ContainerPort { Name = ServiceBuilder.ApiPortName, ContainerPort = input.Settings.ApiPort, Protocol = "TCP" }],
            Resources = Resources(input),
            VolumeMounts = mounts,
            ReadinessProbe = HttpProbe("/ready", periodSeconds: 5, failureThreshold: 3),
            LivenessProbe = HttpProbe("/health", periodSeconds: 10, failureThreshold: 3),
            StartupProbe = HttpProbe("/health", periodSeconds: startupPeriodSeconds, failureThreshold: startupChecks),
            SecurityContext = SecurityContexts.Container(),
            Lifecycle = PreStopSleep(input.Settings.PreStopSeconds),
            TerminationMessagePolicy = TerminationMessagePolicy,
        };
    }

    /// <summary>A preStop hook that sleeps <paramref name="seconds"/>, so endpoints drop the pod before the engine drains.</summary>
    internal static V1Lifecycle PreStopSleep(int seconds) => new()
    {
        PreStop = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["sleep", seconds.ToString(CultureInfo.InvariantCulture)] } },
    };

    private static V1Probe HttpProbe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = ServiceBuilder.ApiPortName },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 3,
        FailureThreshold = failureThreshold,
    };

    private static V1ResourceRequirements? Resources(DesiredInput input)
    {
        var user = input.Spec.Engine?.Resources;
        var limits = new Dictionary<string, ResourceQuantity>(user?.Limits ?? new Dictionary<string, ResourceQuantity>(), StringComparer.Ordinal);
        var requests = new Dictionary<string, ResourceQuantity>(user?.Requests ?? new Dictionary<string, ResourceQuantity>(), StringComparer.Ordinal);
        if (input.Gpu is { } gpu)
        {
            var count = new ResourceQuantity((input.Spec.Gpu?.Count ?? 1).ToString(CultureInfo.InvariantCulture));
            limits[gpu.ResourceName] = count;
            requests[gpu.ResourceName] = count;
        }

        return limits.Count == 0 && requests.Count == 0
            ? null
            : new V1ResourceRequirements { Limits = limits.Count > 0 ? limits : null, Requests = requests.Count > 0 ? requests : null };
    }

    private static Dictionary<string, string>? NodeSelector(DesiredInput input)
    {
        var merged = new Dictionary<string, string>(input.Gpu?.NodeSelector ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in input.Spec.Pod?.NodeSelector ?? [])
        {
            merged[key] = value;
        }

        return merged.Count > 0 ? merged : null;
    }

    private static List<V1Toleration>? Tolerations(DesiredInput input)
    {
        var all = (input.Gpu?.Tolerations ?? []).Concat(input.Spec.Pod?.Tolerations ?? []).ToList();
        return all.Count > 0 ? all : null;
    }
}
