using k8s.Models;

namespace Sluice.Controllers.Runtimes;

/// <summary>How the engine container of a proxied runtime starts.</summary>
/// <param name="Command">The executable and its fixed leading words.</param>
/// <param name="Args">Arguments after the command; spec.engine.extraArgs are appended by the caller.</param>
/// <param name="Env">Environment the server needs (caches on the writable /tmp, telemetry off).</param>
/// <param name="ReadOnlyRootFilesystem">True when the server runs with a read-only root filesystem (everything it writes goes to /tmp or /dev/shm).</param>
public sealed record RuntimeServer(
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Args,
    IReadOnlyList<V1EnvVar> Env,
    bool ReadOnlyRootFilesystem);
