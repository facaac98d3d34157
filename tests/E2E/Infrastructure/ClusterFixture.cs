using System.Globalization;
using System.Text;
using k8s.Models;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Tests.ControlPlane;

namespace Sluice.E2E.Infrastructure;

/// <summary>
/// The user's path on a real control plane: `helm install` of the chart package that `make release` builds
/// (tools/release/release.sh --chart-only at the VERSION file's version: CRDs, RBAC, the operator's
/// Deployment — whose pods stay Pending: nothing runs images here), then the operator as a LOCAL PROCESS
/// with the chart's ConfigMap as its config file and the chart's ServiceAccount token as its credentials
/// (so the chart's RBAC is tested), and a node simulator for the engine pods of one namespace.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string ReleaseNamespace = "sluice-system";
    public const string ReleaseName = "sluice";
    private Exception? _failure;
    private TestControlPlane? _plane;

    public TestControlPlane Plane => _plane ?? throw new InvalidOperationException("the e2e cluster did not start: " + _failure?.Message, _failure);

    public KubernetesClient Admin { get; private set; } = null!;

    public RawApi Raw { get; private set; } = null!;

    public NodeSimulator Simulator { get; private set; } = null!;

    public OperatorProcess Operator { get; private set; } = null!;

    /// <summary>The namespace the examples are applied to.</summary>
    public string Namespace { get; } = "e2e-" + Guid.NewGuid().ToString("N")[..6];

    public string OperatorKubeconfig { get; private set; } = "";

    public string OperatorConfigFile { get; private set; } = "";

    /// <summary>The version the installed chart package was built at (the VERSION file's).</summary>
    public string ChartVersion { get; } = File.ReadAllText(Path.Combine(Tools.RepositoryRoot, "VERSION")).Trim();

    public async Task InitializeAsync()
    {
        if (ControlPlaneBinaries.SkipRequested)
        {
            return;
        }

        try
        {
            _plane = await TestControlPlane.StartAsync(new ControlPlaneOptions());
            Admin = _plane.CreateClient();
            Raw = new RawApi(_plane.ServerUri, _plane.AdminToken);
            await HelmInstallAsync();
            await Admin.CreateAsync(ResourceTypes.Namespace, new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
            OperatorConfigFile = await WriteOperatorConfigAsync();
            OperatorKubeconfig = await WriteServiceAccountKubeconfigAsync();
            Simulator = new NodeSimulator(Admin, Raw, Namespace);
            await Simulator.StartAsync();
            Operator = await StartOperatorAsync("sluice-e2e-0");
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or Kubernetes.Errors.KubernetesApiException)
        {
            _failure = ex;
        }
    }

    /// <summary>Starts another operator process with the chart's config and credentials (and <paramref name="environment"/> on top).</summary>
    public Task<OperatorProcess> StartOperatorAsync(string podName, IReadOnlyDictionary<string, string>? environment = null) =>
        OperatorProcess.StartAsync(OperatorKubeconfig, OperatorConfigFile, ReleaseNamespace, podName, TimeSpan.FromSeconds(90), environment);

    /// <summary>Makes <paramref name="successor"/> (a standby started beside the leader) the fixture's operator, disposing the old one.</summary>
    public async Task HandOverAsync(OperatorProcess successor)
    {
        await Operator.DisposeAsync();
        Operator = successor;
    }

    /// <summary>Replaces the running operator (after it was killed).</summary>
    public async Task RestartOperatorAsync(string podName)
    {
        await Operator.DisposeAsync();
        Operator = await StartOperatorAsync(podName);
    }

    /// <summary>Runs kubectl as the cluster admin; returns exit code and output.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> KubectlAsync(params string[] args) =>
        Tools.RunAsync("kubectl", ["--kubeconfig", Plane.KubeconfigPath, .. args], TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        if (Operator is not null)
        {
            await Operator.DisposeAsync();
        }

        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        Raw?.Dispose();
        Admin?.Dispose();
        if (_plane is not null)
        {
            await _plane.DisposeAsync();
        }
    }

    private async Task HelmInstallAsync()
    {
        var helm = await Tools.HelmAsync();
        var packages = Path.Combine(Plane.Directory, "release");
        await Tools.RunCheckedAsync(Path.Combine(Tools.RepositoryRoot, "tools", "release", "release.sh"),
            ["--chart-only", ChartVersion, packages], TimeSpan.FromMinutes(3));
        await Tools.RunCheckedAsync(helm,
        [
            "install", ReleaseName, Path.Combine(packages, $"sluice-{ChartVersion}.tgz"),
            "--namespace", ReleaseNamespace, "--create-namespace", "--kubeconfig", Plane.KubeconfigPath,
            // Short leases so a killed leader is replaced within seconds.
            "--set", "leaderElection.leaseDurationSeconds=6", "--set", "leaderElection.renewDeadlineSeconds=4",
            "--set", "leaderElection.retryPeriodSeconds=1",
        ], TimeSpan.FromMinutes(2));
    }

    private async Task<string> WriteOperatorConfigAsync()
    {
        var configMap = await Admin.GetAsync<V1ConfigMap>(ResourceTypes.ConfigMap, ReleaseNamespace, ReleaseName);
        var path = Path.Combine(Plane.Directory, "operator-config.json");
        await File.WriteAllTextAsync(path, configMap.Data!["config.json"]);
        return path;
    }

    private async Task<string> WriteServiceAccountKubeconfigAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var secrets = await Admin.ListAsync<V1Secret>(ResourceTypes.Secret, ReleaseNamespace);
            var token = secrets.Items.FirstOrDefault(s => s.Type == "kubernetes.io/service-account-token"
                && s.GetAnnotation("kubernetes.io/service-account.name") == ReleaseName)?.Data?["token"];
            if (token is not null)
            {
                var path = Path.Combine(Plane.Directory, "operator-kubeconfig");
                await File.WriteAllTextAsync(path, string.Create(CultureInfo.InvariantCulture, $"""
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: e2e
                      cluster:
                        server: {Plane.ServerUri.GetLeftPart(UriPartial.Authority)}
                        insecure-skip-tls-verify: true
                    users:
                    - name: sluice-operator
                      user:
                        token: {Encoding.UTF8.GetString(token)}
                    contexts:
                    - name: e2e
                      context:
                        cluster: e2e
                        user: sluice-operator
                        namespace: {ReleaseNamespace}
                    current-context: e2e
                    """));
                return path;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the chart's ServiceAccount got no token Secret within 60 s");
    }
}
