using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using k8s.Models;
using Sluice.Kubernetes.Client;

namespace Sluice.Kubernetes.Tests.ControlPlane;

/// <summary>
/// etcd + kube-apiserver (+ kube-controller-manager) on free loopback ports with a temporary directory,
/// an admin bearer token and a kubeconfig. Everything is killed and deleted on dispose. Binaries come from
/// <see cref="ControlPlaneBinaries.Locate"/>.
/// </summary>
public sealed class TestControlPlane : IAsyncDisposable
{
    private const string Issuer = "https://kubernetes.default.svc.cluster.local";
    private readonly string _binaries;
    private readonly ControlPlaneOptions _options;
    private readonly int _etcdPeerPort = FreePort.Next();
    private ManagedProcess? _etcd;
    private readonly ManagedProcess?[] _apiServers;
    private ManagedProcess? _controllerManager;

    private TestControlPlane(string binaries, ControlPlaneOptions options)
    {
        _binaries = binaries;
        _options = options;
        Directory = System.IO.Directory.CreateTempSubdirectory("sluice-control-plane-").FullName;
        // etcd on tmpfs when there is room (its WAL preallocates 64 MB files): fsyncs cost nothing there.
        var etcdRoot = System.IO.Directory.Exists("/dev/shm") && new DriveInfo("/dev/shm").AvailableFreeSpace > (1L << 30) ? "/dev/shm" : Directory;
        EtcdDataDirectory = Path.Combine(etcdRoot, "sluice-etcd-" + Path.GetFileName(Directory));
        AdminToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        EtcdUri = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ApiServerCount, 1);
        ServerUris = [.. Enumerable.Range(0, options.ApiServerCount).Select(_ => new Uri($"https://127.0.0.1:{FreePort.Next()}"))];
        _apiServers = new ManagedProcess?[options.ApiServerCount];
        KubeconfigPath = Path.Combine(Directory, "kubeconfig");
    }

    /// <summary>Temporary directory holding keys, the kubeconfig and the process logs.</summary>
    public string Directory { get; }

    public string EtcdDataDirectory { get; }

    public Uri EtcdUri { get; }

    /// <summary>The etcd client URL without a trailing slash, as etcd flags want it.</summary>
    public string EtcdEndpoint => EtcdUri.GetLeftPart(UriPartial.Authority);

    /// <summary>The first apiserver, which the kubeconfig names.</summary>
    public Uri ServerUri => ServerUris[0];

    /// <summary>Every apiserver (see <see cref="ControlPlaneOptions.ApiServerCount"/>).</summary>
    public IReadOnlyList<Uri> ServerUris { get; }

    /// <summary>A bearer token in system:masters.</summary>
    public string AdminToken { get; }

    /// <summary>A kubeconfig for the admin (TLS verification off: the serving certificate is self-signed).</summary>
    public string KubeconfigPath { get; }

    /// <summary>Client configuration equal to the kubeconfig's.</summary>
    public k8s.KubernetesClientConfiguration ClientConfiguration => ClusterConfiguration.FromKubeconfig(KubeconfigPath);

    /// <summary>Starts the control plane and waits until the apiserver is ready.</summary>
    public static async Task<TestControlPlane> StartAsync(ControlPlaneOptions? options = null, CancellationToken cancellationToken = default)
    {
        var plane = new TestControlPlane(ControlPlaneBinaries.Locate(), options ?? new ControlPlaneOptions());
        try
        {
            await plane.StartCoreAsync(cancellationToken).ConfigureAwait(false);
            return plane;
        }
        catch
        {
            await plane.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A client for the admin.</summary>
    public KubernetesClient CreateClient() => new(ClientConfiguration);

    /// <summary>A client of apiserver number <paramref name="apiServer"/> (0-based).</summary>
    public KubernetesClient CreateClient(int apiServer) => new(new k8s.KubernetesClientConfiguration
    {
        Host = ServerUris[apiServer].ToString(),
        SkipTlsVerify = true,
        AccessToken = AdminToken,
    });

    /// <summary>Creates a namespace "t-{prefix}-{random}" and returns its name.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var name = $"t-{prefix}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}";
        using var client = CreateClient();
        await client.CreateAsync(ResourceTypes.Namespace, new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>Kills apiserver number <paramref name="index"/> (as a crash would); etcd keeps running.</summary>
    public void StopApiServer(int index = 0)
    {
        _apiServers[index]?.Dispose();
        _apiServers[index] = null;
    }

    /// <summary>Starts apiserver number <paramref name="index"/> (again) on its port and waits until it is ready.</summary>
    public async Task StartApiServerAsync(int index = 0, CancellationToken cancellationToken = default)
    {
        if (_apiServers[index] is not null)
        {
            throw new InvalidOperationException($"apiserver {index} is already running");
        }

        _apiServers[index] = ManagedProcess.Start($"kube-apiserver-{index}", Binary("kube-apiserver"), ApiServerArguments(index), Log($"kube-apiserver-{index}"));
        await WaitReadyAsync(index, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Compacts etcd at its current revision, so older resourceVersions answer 410 Gone.</summary>
    /// <returns>The revision compacted at.</returns>
    public async Task<long> CompactEtcdAsync(CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = EtcdUri };
        using var range = await http.PostAsync("/v3/kv/range", Json("""{"key":"Lw=="}"""), cancellationToken).ConfigureAwait(false);
        range.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await range.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var revision = long.Parse(doc.RootElement.GetProperty("header").GetProperty("revision").GetString()!, CultureInfo.InvariantCulture);
        using var compact = await http.PostAsync("/v3/kv/compaction", Json($$"""{"revision":"{{revision}}","physical":true}"""), cancellationToken).ConfigureAwait(false);
        compact.EnsureSuccessStatusCode();
        return revision;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _apiServers.Prepend(_controllerManager).Append(_etcd))
        {
            process?.Dispose();
        }

        await TryDeleteAsync(EtcdDataDirectory).ConfigureAwait(false);
        if (Environment.GetEnvironmentVariable("SLUICE_KEEP_CONTROL_PLANE_LOGS") != "1")
        {
            await TryDeleteAsync(Directory).ConfigureAwait(false);
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        WriteCredentials();
        var peer = $"http://127.0.0.1:{_etcdPeerPort}";
        _etcd = ManagedProcess.Start("etcd", Binary("etcd"),
        [
            "--name=default", $"--data-dir={EtcdDataDirectory}",
            $"--listen-client-urls={EtcdEndpoint}", $"--advertise-client-urls={EtcdEndpoint}",
            $"--listen-peer-urls={peer}", $"--initial-advertise-peer-urls={peer}", $"--initial-cluster=default={peer}",
            "--log-level=warn",
        ], Log("etcd"));
        await WaitEtcdAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < _apiServers.Length; i++)
        {
            await StartApiServerAsync(i, cancellationToken).ConfigureAwait(false);
        }

        if (_options.WithControllerManager)
        {
            _controllerManager = ManagedProcess.Start("kube-controller-manager", Binary("kube-controller-manager"),
            [
                $"--kubeconfig={KubeconfigPath}", "--leader-elect=false", "--port=0", "--secure-port=0",
                $"--service-account-private-key-file={Path.Combine(Directory, "sa.key")}",
                $"--root-ca-file={Path.Combine(CertificateDirectory(0), "apiserver.crt")}",
                "--use-service-account-credentials=false", "--v=1",
            ], Log("kube-controller-manager"));
        }
    }

    private List<string> ApiServerArguments(int index)
    {
        var arguments = new List<string>
        {
            $"--etcd-servers={EtcdEndpoint}", "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
            $"--secure-port={ServerUris[index].Port}", "--insecure-port=0", $"--cert-dir={CertificateDirectory(index)}",
            "--service-cluster-ip-range=10.0.0.0/24", "--authorization-mode=RBAC",
            $"--service-account-issuer={Issuer}",
            $"--service-account-key-file={Path.Combine(Directory, "sa.pub")}",
            $"--service-account-signing-key-file={Path.Combine(Directory, "sa.key")}",
            $"--token-auth-file={Path.Combine(Directory, "tokens.csv")}",
            "--allow-privileged=true", "--profiling=false", "--v=0",
        };
        if (_options.WatchCacheSizes is { } sizes)
        {
            arguments.Add($"--watch-cache-sizes={sizes}");
        }

        arguments.AddRange(_options.ExtraApiServerArguments);
        return arguments;
    }

    private void WriteCredentials()
    {
        using var rsa = RSA.Create(2048);
        File.WriteAllText(Path.Combine(Directory, "sa.key"), rsa.ExportRSAPrivateKeyPem());
        File.WriteAllText(Path.Combine(Directory, "sa.pub"), rsa.ExportSubjectPublicKeyInfoPem());
        File.WriteAllText(Path.Combine(Directory, "tokens.csv"), $"{AdminToken},admin,admin,system:masters\n");
        File.WriteAllText(KubeconfigPath, $"""
            apiVersion: v1
            kind: Config
            current-context: test
            clusters:
            - name: test
              cluster:
                server: {ServerUri.ToString().TrimEnd('/')}
                insecure-skip-tls-verify: true
            users:
            - name: admin
              user:
                token: {AdminToken}
            contexts:
            - name: test
              context:
                cluster: test
                user: admin
                namespace: default
            """);
    }

    private async Task WaitEtcdAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = EtcdUri, Timeout = TimeSpan.FromSeconds(2) };
        await PollAsync(_etcd!, async () => (await http.GetAsync("/health", cancellationToken).ConfigureAwait(false)).IsSuccessStatusCode, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitReadyAsync(int index, CancellationToken cancellationToken)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { BaseAddress = ServerUris[index], Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        await PollAsync(_apiServers[index]!, async () => (await http.GetAsync("/readyz", cancellationToken).ConfigureAwait(false)).IsSuccessStatusCode, cancellationToken).ConfigureAwait(false);
    }

    private async Task PollAsync(ManagedProcess process, Func<Task<bool>> ready, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < _options.StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited during start-up; log {process.LogPath}:\n{process.Tail()}");
            }

            try
            {
                if (await ready().ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Request timeout while starting.
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"{process.Name} not ready after {_options.StartTimeout}; log {process.LogPath}:\n{process.Tail()}");
    }

    private string CertificateDirectory(int index) => Path.Combine(Directory, index == 0 ? "certs" : $"certs-{index}");

    private string Binary(string name) => Path.Combine(_binaries, name);

    private string Log(string name) => Path.Combine(Directory, name + ".log");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task TryDeleteAsync(string path)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (System.IO.Directory.Exists(path))
                {
                    System.IO.Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A process may still be closing its files: retry briefly; it is a temp directory.
                await Task.Delay(200).ConfigureAwait(false);
            }
        }
    }
}
