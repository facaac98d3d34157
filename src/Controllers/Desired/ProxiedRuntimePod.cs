using System.Globalization;
using k8s.Models;
using Sluice.Controllers.Runtimes;
using Sluice.Entities.Model;
using Sluice.Entities.Resources;

namespace Sluice.Controllers.Desired;

/// <summary>
/// The two containers of a pod running a proxied runtime (<see cref="IProxiedRuntime"/>): the runtime's own server on loopback
/// (<see cref="RuntimePort"/>) as container <c>engine</c>, and the admission proxy (<c>sluice-engine proxy</c>) on the API port as
/// container <c>admission</c>, which forwards the OpenAI API, serves /admin/config (the rate lever), appends the runtime's
/// metrics to its own, and relays the runtime's health at <see cref="UpstreamHealthPath"/> so the kubelet can probe a server
/// that listens on loopback only. Both run under the restricted Pod Security Standard; /dev/shm is a memory emptyDir.
/// </summary>
public static class ProxiedRuntimePod
{
    public const string ProxyContainerName = "admission";

    /// <summary>Loopback port of the runtime inside the pod.</summary>
    public const int RuntimePort = 8001;

    /// <summary>The proxy's path that answers with the runtime's health status.</summary>
    public const string UpstreamHealthPath = "/upstream/health";

    public const string ShmVolume = "dshm";

    /// <summary>Size limit of the /dev/shm emptyDir (NCCL and the runtimes' worker processes share tensors through it).</summary>
    public const string ShmSizeLimit = "8Gi";

    /// <summary>The /dev/shm volume.</summary>
    public static V1Volume ShmVolumeFor() => new()
    {
        Name = ShmVolume,
        EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity(ShmSizeLimit) },
    };

    /// <summary>The engine and admission containers for <paramref name="input"/>, whose spec names <paramref name="runtime"/>.</summary>
    public static List<V1Container> Containers(DesiredInput input, IProxiedRuntime runtime, ModelSource source, string tmpVolume, string adminVolume, V1ResourceRequirements? resources)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(source);
        var spec = input.Spec;
        var batch = RuntimeBatchLimit.For(spec, input.Resource.Status);
        var server = runtime.Server(new RuntimeServerInput(
            spec, EngineArgs.ModelArgument(source), EngineArgs.ServedModelName(source), spec.Gpu?.Count ?? 1, batch, RuntimePort));
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = tmpVolume, MountPath = "/tmp" },
            new() { Name = ShmVolume, MountPath = "/dev/shm" },
        };
        mounts.AddRange(ModelVolumes.EngineMounts(source));

        var settings = input.Settings;
        var engine = new V1Container
        {
            Name = PodTemplateBuilder.EngineContainerName,
            Image = spec.Engine?.Image ?? runtime.DefaultImage,
            Command = [.. server.Command],
            Args = [.. server.Args, .. spec.Engine?.ExtraArgs ?? []],
            Env = [.. server.Env, .. spec.Pod?.Env ?? []],
            Ports = [new V1ContainerPort { Name = "runtime", ContainerPort = RuntimePort, Protocol = "TCP" }],
            Resources = resources,
            VolumeMounts = mounts,
            // The runtime listens on loopback; the kubelet probes it through the proxy's relay on the pod's API port.
            ReadinessProbe = Probe(UpstreamHealthPath, 5, 3),
            LivenessProbe = Probe(UpstreamHealthPath, 10, 6),
            StartupProbe = Probe(UpstreamHealthPath, 10, 180),
            SecurityContext = ContainerSecurity(server.ReadOnlyRootFilesystem),
            Lifecycle = PodTemplateBuilder.PreStopSleep(settings.PreStopSeconds + settings.DrainSeconds),
            TerminationMessagePolicy = PodTemplateBuilder.TerminationMessagePolicy,
        };
        return [engine, ProxyContainer(input, runtime, batch)];
    }

    /// <summary>The proxy's arguments after <c>sluice-engine</c>.</summary>
    public static List<string> ProxyArgs(DesiredInput input, IProxiedRuntime runtime, int batch)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(runtime);
        var args = new List<string>
        {
            "proxy",
            "--upstream", $"http://127.0.0.1:{RuntimePort}",
            "--upstream-metrics-path", runtime.Metrics!.MetricsPath,
            "--upstream-health-path", runtime.HealthPath,
            "--host", "0.0.0.0",
            "--port", Invariant(input.Settings.ApiPort),
            "--admin-token-file", $"{EngineArgs.AdminTokenDirectory}/{EngineArgs.AdminTokenKey}",
            "--runtime-max-batch-size", Invariant(batch),
            "--drain-timeout", Invariant(input.Settings.DrainSeconds),
        };
        if (EngineKnob.FixedValue(input.Spec.Engine?.MaxRequestRate) is { } rate)
        {
            args.AddRange(["--max-request-rate", rate.ToString(CultureInfo.InvariantCulture)]);
        }

        return args;
    }

    private static V1Container ProxyContainer(DesiredInput input, IProxiedRuntime runtime, int batch) => new()
    {
        Name = ProxyContainerName,
        Image = input.Settings.Image,
        Command = ["sluice-engine"],
        Args = ProxyArgs(input, runtime, batch),
        Ports = [new V1ContainerPort { Name = ServiceBuilder.ApiPortName, ContainerPort = input.Settings.ApiPort, Protocol = "TCP" }],
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
            Limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["memory"] = new("512Mi") },
        },
        VolumeMounts = [new V1VolumeMount { Name = "admin-token", MountPath = EngineArgs.AdminTokenDirectory, ReadOnlyProperty = true }],
        ReadinessProbe = Probe("/ready", 5, 3),
        LivenessProbe = Probe("/health", 10, 3),
        SecurityContext = ContainerSecurity(readOnlyRootFilesystem: true),
        Lifecycle = PodTemplateBuilder.PreStopSleep(input.Settings.PreStopSeconds),
        TerminationMessagePolicy = PodTemplateBuilder.TerminationMessagePolicy,
    };

    private static V1SecurityContext ContainerSecurity(bool readOnlyRootFilesystem)
    {
        var security = SecurityContexts.Container();
        security.ReadOnlyRootFilesystem = readOnlyRootFilesystem;
        return security;
    }

    private static V1Probe Probe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = ServiceBuilder.ApiPortName },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 3,
        FailureThreshold = failureThreshold,
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
