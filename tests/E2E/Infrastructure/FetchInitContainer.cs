using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using k8s.Models;
using Sluice.Controllers.Desired;
using Sluice.Controllers.SloControl;
using Sluice.Kubernetes;
using Sluice.Kubernetes.Client;

namespace Sluice.E2E.Infrastructure;

/// <summary>
/// Plays the kubelet for an engine pod's model fetch init container: runs its real command (<c>sluice-engine fetch</c>
/// with the pod's arguments) as a local process, with the cache volume mapped to the simulated node's cache directory
/// (shared by every pod of the node, as the cache claim is), the link volume to a directory of the pod, the credentials
/// Secret written out as files, and the progress port to a free loopback port published in the pod's port annotation.
/// While it runs the pod reports the container running; when it ends, terminated with its exit code and message.
/// </summary>
public sealed class FetchInitContainer(IKubernetesClient client, string @namespace, string nodeCacheDirectory, string podsDirectory)
{
    /// <summary>True when the pod has a fetch init container.</summary>
    public static bool Present(V1Pod pod) => pod.Spec?.InitContainers?.Any(c => c.Name == ModelVolumes.DownloadContainerName) == true;

    /// <summary>Runs the pod's fetch container to its end; returns the local path of the model link on success, null when it failed.</summary>
    public async Task<string?> RunAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var name = pod.Metadata.Name!;
        var container = pod.Spec!.InitContainers!.Single(c => c.Name == ModelVolumes.DownloadContainerName);
        var podDirectory = Directory.CreateDirectory(Path.Combine(podsDirectory, name)).FullName;
        var link = Path.Combine(podDirectory, "model-link", "current");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        var credentials = await WriteCredentialsAsync(pod, Path.Combine(podDirectory, "credentials"), cancellationToken);
        var port = FreePort();
        var termination = Path.Combine(podDirectory, "termination-log");
        var args = new List<string>();
        var podArgs = container.Args!;
        for (var i = 0; i < podArgs.Count; i++)
        {
            var mapped = podArgs[i] switch
            {
                "--cache-dir" => nodeCacheDirectory,
                "--link" => link,
                "--progress-port" => port.ToString(CultureInfo.InvariantCulture),
                "--credentials-dir" => credentials,
                _ => null,
            };
            args.Add(podArgs[i]);
            if (mapped is not null)
            {
                args.Add(mapped);
                i++;
            }
        }

        args.AddRange(["--termination-message-path", termination]);
        await client.PatchAsync<V1Pod>(ResourceTypes.Pod, @namespace, name, new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [EnginePods.PortAnnotation] = port.ToString(CultureInfo.InvariantCulture) } },
        }, cancellationToken: cancellationToken);
        await ReportAsync(name, new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Now() } }, cancellationToken);

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sluice-engine.dll"));
        args.ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var message = File.Exists(termination) ? await File.ReadAllTextAsync(termination, CancellationToken.None) : "";
        await ReportAsync(name, new JsonObject
        {
            ["terminated"] = new JsonObject { ["exitCode"] = process.ExitCode, ["reason"] = process.ExitCode == 0 ? "Completed" : "Error", ["message"] = message },
        }, CancellationToken.None);
        return process.ExitCode == 0 ? link : null;
    }

    private async Task<string?> WriteCredentialsAsync(V1Pod pod, string directory, CancellationToken cancellationToken)
    {
        if (pod.Spec!.Volumes?.FirstOrDefault(v => v.Name == ModelVolumes.CredentialsVolumeName)?.Secret is not { } volume)
        {
            return null;
        }

        Directory.CreateDirectory(directory);
        var secret = await client.TryGetAsync<V1Secret>(ResourceTypes.Secret, @namespace, volume.SecretName!, cancellationToken);
        foreach (var (key, value) in secret?.Data ?? new Dictionary<string, byte[]>())
        {
            var path = volume.Items is { } items ? items.FirstOrDefault(i => i.Key == key)?.Path : key;
            if (path is not null)
            {
                await File.WriteAllBytesAsync(Path.Combine(directory, path), value, cancellationToken);
            }
        }

        return directory;
    }

    private Task<V1Pod> ReportAsync(string name, JsonObject state, CancellationToken cancellationToken) =>
        client.PatchStatusAsync<V1Pod>(ResourceTypes.Pod, @namespace, name, new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["hostIP"] = "127.0.0.1",
                ["podIP"] = "127.0.0.1",
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = "127.0.0.1" }),
                ["initContainerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = ModelVolumes.DownloadContainerName,
                    ["ready"] = state.ContainsKey("terminated"),
                    ["restartCount"] = 0,
                    ["image"] = "sluice-engine:local",
                    ["imageID"] = "local",
                    ["state"] = state,
                }),
            },
        }, cancellationToken: cancellationToken);

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
