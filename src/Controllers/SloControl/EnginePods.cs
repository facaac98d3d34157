using System.Globalization;
using k8s.Models;
using Sluice.Controllers.Slo;

namespace Sluice.Controllers.SloControl;

/// <summary>Pure selection of the engine pods the control loop may talk to, and their addresses.</summary>
public static class EnginePods
{
    /// <summary>
    /// Overrides the engine port of one pod. For nodes where all pods share one address with their own
    /// ports (node simulators such as kwok); a real cluster never needs it.
    /// </summary>
    public const string PortAnnotation = "sluice.dev/engine-port";

    /// <summary>
    /// The pods that are Ready, not being deleted and have an IP, as <c>http://podIP:port/</c> (IPv6
    /// bracketed); <paramref name="apiPort"/> unless the pod's <see cref="PortAnnotation"/> names a valid port.
    /// Sorted by name so that periods are deterministic.
    /// </summary>
    public static IReadOnlyList<EnginePod> Ready(IEnumerable<V1Pod> pods, int apiPort)
    {
        ArgumentNullException.ThrowIfNull(pods);
        return pods
            .Where(p => p.Metadata.DeletionTimestamp is null
                && !string.IsNullOrEmpty(p.Metadata.Name)
                && !string.IsNullOrEmpty(p.Status?.PodIP)
                && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .Select(p => new EnginePod(p.Metadata.Name!, BaseUrl(p.Status!.PodIP!, PortOf(p, apiPort))))
            .ToList();
    }

    /// <summary><c>http://podIP:port/</c> of any pod with an IP (Ready or not, e.g. while its init container runs); null without an IP.</summary>
    public static Uri? BaseUrlOf(V1Pod pod, int apiPort)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return string.IsNullOrEmpty(pod.Status?.PodIP) ? null : BaseUrl(pod.Status.PodIP, PortOf(pod, apiPort));
    }

    private static int PortOf(V1Pod pod, int apiPort) =>
        pod.Metadata.Annotations?.TryGetValue(PortAnnotation, out var text) == true
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : apiPort;

    private static Uri BaseUrl(string ip, int port)
    {
        var host = ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}/"));
    }
}
