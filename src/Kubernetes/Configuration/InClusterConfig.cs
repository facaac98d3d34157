using System.Security.Cryptography.X509Certificates;

namespace Sluice.Kubernetes.Configuration;

/// <summary>Configuration of a pod: KUBERNETES_SERVICE_HOST/PORT and the mounted service-account files.</summary>
public static class InClusterConfig
{
    /// <summary>The directory the kubelet mounts the service-account token, CA and namespace into.</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>True when running in a pod with a service-account token.</summary>
    public static bool IsAvailable(string serviceAccountDirectory = ServiceAccountDirectory) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"))
        && File.Exists(Path.Combine(serviceAccountDirectory, "token"));

    /// <summary>Builds the configuration; fails with a clear message when a piece is missing.</summary>
    public static KubernetesClientConfiguration Load(string serviceAccountDirectory = ServiceAccountDirectory)
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("not in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set");
        }

        var tokenPath = Path.Combine(serviceAccountDirectory, "token");
        if (!File.Exists(tokenPath))
        {
            throw new InvalidOperationException($"not in a cluster: {tokenPath} does not exist");
        }

        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        var caPath = Path.Combine(serviceAccountDirectory, "ca.crt");
        X509Certificate2Collection? cas = null;
        if (File.Exists(caPath))
        {
            cas = [];
            cas.ImportFromPemFile(caPath);
        }

        var namespacePath = Path.Combine(serviceAccountDirectory, "namespace");
        var ns = File.Exists(namespacePath) ? File.ReadAllText(namespacePath).Trim() : "default";
        return new KubernetesClientConfiguration
        {
            Server = new Uri($"https://{hostPart}:{port}"),
            CertificateAuthorities = cas,
            Token = new FileTokenSource(tokenPath),
            Namespace = ns.Length == 0 ? "default" : ns,
        };
    }
}
