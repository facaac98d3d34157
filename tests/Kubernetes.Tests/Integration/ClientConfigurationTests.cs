using k8s.Models;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.Kubernetes.Tests.Integration;

/// <summary>Kubeconfig authentication through <see cref="ClusterConfiguration"/> against the real apiserver.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ClientConfigurationTests
{
    private readonly ControlPlaneFixture _fixture;

    public ClientConfigurationTests(ControlPlaneFixture fixture)
    {
        _fixture = fixture;
    }

    [ControlPlaneFact]
    public async Task Tls_is_verified_against_the_kubeconfig_ca()
    {
        var plane = _fixture.Plane;
        var caPath = Path.Combine(plane.Directory, "certs", "apiserver.crt");
        var user = $"token: \"{plane.AdminToken}\"";
        var trusted = Write(plane, "trusted", Kubeconfig(plane, $"certificate-authority: \"{caPath}\"", user));
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var otherCa = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var otherData = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(otherCa.ExportCertificatePem()));
        var untrusted = Write(plane, "untrusted", Kubeconfig(plane, $"certificate-authority-data: {otherData}", user));

        using (var client = new KubernetesClient(ClusterConfiguration.FromKubeconfig(trusted)))
        {
            (await client.GetAsync<V1Namespace>(ResourceTypes.Namespace, null, "default")).Metadata.Name.Should().Be("default");
        }

        using (var client = new KubernetesClient(ClusterConfiguration.FromKubeconfig(untrusted)))
        {
            var act = () => client.GetAsync<V1Namespace>(ResourceTypes.Namespace, null, "default");
            (await act.Should().ThrowAsync<HttpRequestException>()).Which.InnerException.Should().BeOfType<System.Security.Authentication.AuthenticationException>();
        }
    }

    [ControlPlaneFact]
    public async Task Exec_credential_plugins_supply_the_token()
    {
        var plane = _fixture.Plane;
        var counter = Path.Combine(plane.Directory, "exec-calls");
        var script = Path.Combine(plane.Directory, "exec-credential.sh");
        var expires = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(script, $$$"""
            echo x >> "{{{counter}}}"
            printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"{{{plane.AdminToken}}}","expirationTimestamp":"{{{expires}}}"}}'
            """);
        var user = $"exec: {{ apiVersion: client.authentication.k8s.io/v1beta1, command: /bin/sh, args: [\"{script}\"] }}";
        var path = Write(plane, "exec", Kubeconfig(plane, "insecure-skip-tls-verify: true", user));

        using var client = new KubernetesClient(ClusterConfiguration.FromKubeconfig(path));
        (await client.GetAsync<V1Namespace>(ResourceTypes.Namespace, null, "default")).Metadata.Name.Should().Be("default");
        var calls = File.ReadAllLines(counter).Length;
        (await client.GetAsync<V1Namespace>(ResourceTypes.Namespace, null, "kube-system")).Metadata.Name.Should().Be("kube-system");

        File.ReadAllLines(counter).Should().HaveCount(calls, "the plugin's token is reused until its expirationTimestamp");
    }

    [ControlPlaneFact]
    public async Task Contexts_choose_the_user_and_the_default_namespace()
    {
        var plane = _fixture.Plane;
        var path = Write(plane, "contexts", $$"""
            apiVersion: v1
            kind: Config
            current-context: anonymous
            clusters: [{ name: k, cluster: { server: "{{plane.ServerUri}}", insecure-skip-tls-verify: true } }]
            users: [{ name: admin, user: { token: "{{plane.AdminToken}}" } }, { name: nobody, user: { token: "not-a-token" } }]
            contexts:
            - { name: anonymous, context: { cluster: k, user: nobody } }
            - { name: team, context: { cluster: k, user: admin, namespace: team } }
            """);

        using (var nobody = new KubernetesClient(ClusterConfiguration.FromKubeconfig(path)))
        {
            nobody.DefaultNamespace.Should().Be(ClusterConfiguration.DefaultNamespace);
            var act = () => nobody.GetAsync<V1Namespace>(ResourceTypes.Namespace, null, "default");
            await act.Should().ThrowAsync<Sluice.Kubernetes.Errors.UnauthorizedException>();
        }

        using var admin = new KubernetesClient(ClusterConfiguration.FromKubeconfig(path, "team"));
        admin.DefaultNamespace.Should().Be("team");
        (await admin.GetAsync<V1Namespace>(ResourceTypes.Namespace, null, "default")).Metadata.Name.Should().Be("default");
    }

    [Fact]
    public void Missing_kubeconfigs_name_the_path()
    {
        var act = () => ClusterConfiguration.FromKubeconfig("/nonexistent/kubeconfig");

        act.Should().Throw<InvalidOperationException>().WithMessage("*/nonexistent/kubeconfig does not exist*");
    }

    private static string Kubeconfig(TestControlPlane plane, string clusterTls, string user) => $$"""
        apiVersion: v1
        kind: Config
        current-context: c
        clusters: [{ name: k, cluster: { server: "{{plane.ServerUri}}", {{clusterTls}} } }]
        users: [{ name: u, user: { {{user}} } }]
        contexts: [{ name: c, context: { cluster: k, user: u } }]
        """;

    private static string Write(TestControlPlane plane, string name, string yaml)
    {
        var path = Path.Combine(plane.Directory, $"kubeconfig-{name}");
        File.WriteAllText(path, yaml);
        return path;
    }
}
