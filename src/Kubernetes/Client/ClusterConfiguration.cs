using k8s;

namespace Sluice.Kubernetes.Client;

/// <summary>
/// Where the API server is and how to authenticate to it, read by KubernetesClient
/// (<see cref="KubernetesClientConfiguration"/>): kubeconfig with token, token file, client certificates and exec
/// credential plugins; in-cluster with the service-account token re-read as the kubelet rotates it.
/// </summary>
public static class ClusterConfiguration
{
    /// <summary>Namespace used when neither the kubeconfig context nor the pod names one.</summary>
    public const string DefaultNamespace = "default";

    /// <summary>
    /// In-cluster configuration when KUBERNETES_SERVICE_HOST is set and the service-account token is mounted;
    /// otherwise the kubeconfig (the files of KUBECONFIG, merged, else ~/.kube/config) with its current context.
    /// Throws <see cref="InvalidOperationException"/> naming the path when there is neither.
    /// </summary>
    public static KubernetesClientConfiguration Load()
    {
        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        var paths = Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } env
            ? env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            : [KubernetesClientConfiguration.KubeConfigDefaultLocation];
        if (!paths.Any(File.Exists))
        {
            throw new InvalidOperationException($"not in a cluster and no kubeconfig at {string.Join(", ", paths)} (set KUBECONFIG)");
        }

        return KubernetesClientConfiguration.BuildDefaultConfig();
    }

    /// <summary>The kubeconfig at <paramref name="path"/> with <paramref name="context"/> (null: its current-context).</summary>
    public static KubernetesClientConfiguration FromKubeconfig(string path, string? context = null)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"kubeconfig {path} does not exist");
        }

        return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context);
    }
}
