using System.Security.Cryptography.X509Certificates;
using YamlDotNet.RepresentationModel;

namespace Sluice.Kubernetes.Configuration;

/// <summary>
/// Reads a kubeconfig file: clusters (server, certificate-authority[-data], insecure-skip-tls-verify),
/// users (token, tokenFile, client-certificate[-data], client-key[-data]) and contexts (cluster, user,
/// namespace). Relative file paths are resolved against the kubeconfig's directory.
/// </summary>
public static class KubeConfigLoader
{
    /// <summary>
    /// Loads <paramref name="path"/>, else the first file of KUBECONFIG, else ~/.kube/config, using
    /// <paramref name="context"/> or the file's current-context.
    /// </summary>
    public static KubernetesClientConfiguration Load(string? path = null, string? context = null)
    {
        path ??= DefaultPath();
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"kubeconfig {path} does not exist (set KUBECONFIG or pass a path)");
        }

        return Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", context, path);
    }

    /// <summary>Parses kubeconfig YAML text; <paramref name="baseDirectory"/> resolves relative paths.</summary>
    public static KubernetesClientConfiguration Parse(string yaml, string baseDirectory, string? context = null, string source = "kubeconfig")
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidOperationException($"{source} is not a YAML mapping");
        }

        var contextName = context ?? Scalar(root, "current-context")
            ?? throw new InvalidOperationException($"{source} has no current-context and none was given");
        var ctx = Named(root, "contexts", contextName, "context", source);
        var clusterName = Scalar(ctx, "cluster") ?? throw new InvalidOperationException($"context {contextName} names no cluster");
        var cluster = Named(root, "clusters", clusterName, "cluster", source);
        var userName = Scalar(ctx, "user");
        var user = userName is null ? null : Named(root, "users", userName, "user", source);

        var server = Scalar(cluster, "server") ?? throw new InvalidOperationException($"cluster {clusterName} has no server");
        X509Certificate2Collection? cas = null;
        var caPem = Pem(cluster, "certificate-authority-data", "certificate-authority", baseDirectory);
        if (caPem is not null)
        {
            cas = [];
            cas.ImportFromPem(caPem);
        }

        X509Certificate2? clientCertificate = null;
        ITokenSource? token = null;
        if (user is not null)
        {
            var certPem = Pem(user, "client-certificate-data", "client-certificate", baseDirectory);
            var keyPem = Pem(user, "client-key-data", "client-key", baseDirectory);
            if (certPem is not null && keyPem is not null)
            {
                clientCertificate = X509Certificate2.CreateFromPem(certPem, keyPem);
            }
            else if (certPem is not null || keyPem is not null)
            {
                throw new InvalidOperationException($"user {userName} needs both a client certificate and a client key");
            }

            var tokenText = Scalar(user, "token");
            var tokenFile = Scalar(user, "tokenFile");
            token = tokenText is { Length: > 0 } ? new StaticTokenSource(tokenText)
                : tokenFile is { Length: > 0 } ? new FileTokenSource(Resolve(tokenFile, baseDirectory))
                : null;
        }

        return new KubernetesClientConfiguration
        {
            Server = new Uri(server),
            CertificateAuthorities = cas,
            ClientCertificate = clientCertificate,
            Token = token,
            SkipTlsVerify = string.Equals(Scalar(cluster, "insecure-skip-tls-verify"), "true", StringComparison.OrdinalIgnoreCase),
            Namespace = Scalar(ctx, "namespace") is { Length: > 0 } ns ? ns : "default",
        };
    }

    private static string DefaultPath()
    {
        var env = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(env))
        {
            return env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)[0];
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".kube", "config");
    }

    private static YamlMappingNode Named(YamlMappingNode root, string listKey, string name, string innerKey, string source)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(listKey), out var node) && node is YamlSequenceNode list)
        {
            foreach (var entry in list.Children.OfType<YamlMappingNode>())
            {
                if (Scalar(entry, "name") == name && entry.Children.TryGetValue(new YamlScalarNode(innerKey), out var inner))
                {
                    return inner as YamlMappingNode ?? new YamlMappingNode();
                }
            }
        }

        throw new InvalidOperationException($"{source} has no {innerKey} named '{name}' in {listKey}");
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar
            ? scalar.Value
            : null;

    private static string? Pem(YamlMappingNode node, string dataKey, string fileKey, string baseDirectory)
    {
        if (Scalar(node, dataKey) is { Length: > 0 } data)
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data));
        }

        return Scalar(node, fileKey) is { Length: > 0 } file ? File.ReadAllText(Resolve(file, baseDirectory)) : null;
    }

    private static string Resolve(string path, string baseDirectory) =>
        Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);
}
