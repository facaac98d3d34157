namespace Sluice.Controllers.Runtimes;

/// <summary>
/// A runtime that Sluice runs as it ships (its own image and server) behind the admission proxy: the runtime listens on
/// loopback, the proxy (<c>sluice-engine proxy</c>) on the pod's API port, so every request passes the rate lever. The
/// runtime reads its batch limit only at start, so the batch lever is a rolling restart with a new <see cref="BatchLimitFlag"/>.
/// </summary>
public interface IProxiedRuntime : IEngineRuntime
{
    /// <summary>The image used when spec.engine.image is absent (the version the metrics mapping was written for).</summary>
    string DefaultImage { get; }

    /// <summary>The command-line flag carrying the batch limit, as rendered in the engine container's args.</summary>
    string BatchLimitFlag { get; }

    /// <summary>The runtime's health endpoint: 200 once the model is loaded and the server answers.</summary>
    string HealthPath { get; }

    /// <summary>The engine container's command, arguments and environment for <paramref name="input"/>.</summary>
    RuntimeServer Server(RuntimeServerInput input);
}
