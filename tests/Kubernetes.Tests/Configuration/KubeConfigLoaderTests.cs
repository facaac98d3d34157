using Sluice.Kubernetes.Configuration;

namespace Sluice.Kubernetes.Tests.Configuration;

public sealed class KubeConfigLoaderTests : IDisposable
{
    private const string TwoContexts = """
        apiVersion: v1
        kind: Config
        current-context: a
        clusters:
        - name: ca
          cluster: { server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true }
        - name: cb
          cluster: { server: "https://10.0.0.1" }
        users:
        - name: ua
          user: { token: "secret-token" }
        - name: ub
          user: { tokenFile: "token.txt" }
        contexts:
        - name: a
          context: { cluster: ca, user: ua, namespace: team }
        - name: b
          context: { cluster: cb, user: ub }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("kubeconfig-").FullName;

    [Theory]
    [InlineData(null, "https://127.0.0.1:6443/", "team", true, "secret-token")]
    [InlineData("b", "https://10.0.0.1/", "default", false, "file-token")]
    public void Contexts_select_cluster_user_and_namespace(string? context, string server, string ns, bool skipTls, string token)
    {
        File.WriteAllText(Path.Combine(_directory, "token.txt"), "file-token\n");

        var config = KubeConfigLoader.Parse(TwoContexts, _directory, context);

        config.Server.ToString().Should().Be(server);
        config.Namespace.Should().Be(ns);
        config.SkipTlsVerify.Should().Be(skipTls);
        config.Token!.GetToken().Should().Be(token);
    }

    [Fact]
    public void Client_certificates_load_from_data_and_files()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        using var certificate = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=admin", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_directory, "client.key"), rsa.ExportRSAPrivateKeyPem());
        var certData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(certificate.ExportCertificatePem()));
        var yaml = $$"""
            current-context: c
            clusters: [{ name: k, cluster: { server: "https://h:6443", certificate-authority-data: {{certData}} } }]
            users: [{ name: u, user: { client-certificate-data: {{certData}}, client-key: client.key } }]
            contexts: [{ name: c, context: { cluster: k, user: u } }]
            """;

        var config = KubeConfigLoader.Parse(yaml, _directory);

        config.ClientCertificate!.HasPrivateKey.Should().BeTrue();
        config.ClientCertificate.Subject.Should().Be("CN=admin");
        config.CertificateAuthorities.Should().ContainSingle().Which.Subject.Should().Be("CN=admin");
        config.Token.Should().BeNull();
    }

    [Fact]
    public void Token_files_are_reread_after_rotation()
    {
        var path = Path.Combine(_directory, "token");
        File.WriteAllText(path, "one");
        var source = new FileTokenSource(path) { MaxAge = TimeSpan.Zero };
        source.GetToken().Should().Be("one");

        File.WriteAllText(path, "two");

        source.GetToken().Should().Be("two");
    }

    [Theory]
    [InlineData("missing-context", "*no context named 'missing-context'*")]
    public void Unknown_contexts_fail_clearly(string context, string message)
    {
        var act = () => KubeConfigLoader.Parse(TwoContexts, _directory, context);

        act.Should().Throw<InvalidOperationException>().WithMessage(message);
    }

    [Fact]
    public void Missing_files_name_the_path()
    {
        var act = () => KubeConfigLoader.Load(Path.Combine(_directory, "nope"));

        act.Should().Throw<InvalidOperationException>().WithMessage("*nope does not exist*");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
