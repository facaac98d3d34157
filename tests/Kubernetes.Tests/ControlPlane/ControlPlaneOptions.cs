namespace Sluice.Kubernetes.Tests.ControlPlane;

/// <summary>How to start a <see cref="TestControlPlane"/>.</summary>
public sealed record ControlPlaneOptions
{
    /// <summary>Start kube-controller-manager too (garbage collection, Deployments, service accounts).</summary>
    public bool WithControllerManager { get; init; } = true;

    /// <summary>
    /// kube-apiservers sharing the one etcd (like an HA control plane); with two, one can be stopped while
    /// clients of the other keep changing objects.
    /// </summary>
    public int ApiServerCount { get; init; } = 1;

    /// <summary>--watch-cache-sizes of the apiserver, e.g. "configmaps#0" serves ConfigMap watches from etcd directly.</summary>
    public string? WatchCacheSizes { get; init; }

    /// <summary>More apiserver flags, e.g. "--disable-admission-plugins=ServiceAccount".</summary>
    public IReadOnlyList<string> ExtraApiServerArguments { get; init; } = [];

    /// <summary>How long to wait for /readyz.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
