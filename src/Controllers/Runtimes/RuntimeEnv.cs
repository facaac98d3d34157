using k8s.Models;

namespace Sluice.Controllers.Runtimes;

/// <summary>Environment every proxied runtime gets: a home and caches on the pod's writable /tmp, the hub offline (weights are local).</summary>
internal static class RuntimeEnv
{
    /// <summary>The shared variables followed by <paramref name="extra"/> (name, value) pairs.</summary>
    public static List<V1EnvVar> With(params (string Name, string Value)[] extra)
    {
        var env = new List<V1EnvVar>
        {
            new() { Name = "HOME", Value = "/tmp" },
            new() { Name = "XDG_CACHE_HOME", Value = "/tmp/.cache" },
            new() { Name = "HF_HOME", Value = "/tmp/hf" },
            new() { Name = "HF_HUB_OFFLINE", Value = "1" },
        };
        env.AddRange(extra.Select(e => new V1EnvVar { Name = e.Name, Value = e.Value }));
        return env;
    }
}
