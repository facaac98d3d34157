using System.Security.Cryptography.X509Certificates;

namespace Sluice.Kubernetes.Configuration;

/// <summary>
/// Where the API server is and how to authenticate to it. Build one with <see cref="KubeConfigLoader"/>,
/// <see cref="InClusterConfig"/> or <see cref="Load"/> (in-cluster when running in a pod, else kubeconfig).
/// </summary>
public sealed class KubernetesClientConfiguration
{
    /// <summary>The API server's base address, e.g. https://10.0.0.1:443.</summary>
    public required Uri Server { get; init; }

    /// <summary>CAs that the server certificate must chain to; null trusts the system store.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    /// <summary>Client certificate with its private key, for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Bearer token source (static or a file re-read on rotation); null sends no token.</summary>
    public ITokenSource? Token { get; init; }

    /// <summary>Accept any server certificate (insecure-skip-tls-verify). For tests only.</summary>
    public bool SkipTlsVerify { get; init; }

    /// <summary>Namespace of the context, or of the pod when in-cluster; "default" when none is set.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Timeout of one non-watch request (watches are bounded by their own timeoutSeconds).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// In-cluster configuration when KUBERNETES_SERVICE_HOST is set and the service-account token exists;
    /// otherwise the kubeconfig (KUBECONFIG, then ~/.kube/config) with its current context.
    /// </summary>
    public static KubernetesClientConfiguration Load()
    {
        if (InClusterConfig.IsAvailable())
        {
            return InClusterConfig.Load();
        }

        return KubeConfigLoader.Load();
    }
}
