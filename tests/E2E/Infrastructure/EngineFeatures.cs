namespace Sluice.E2E.Infrastructure;

/// <summary>What the sluice-engine build referenced by these tests can do.</summary>
public static class EngineFeatures
{
    /// <summary>
    /// True once the engine has its real serve command (OpenAI completions and chat); the first engine builds
    /// answered only /health, /ready and /v1/models.
    /// </summary>
    public static bool ServesChat { get; } = Type.GetType("Sluice.Engine.Cli.ServeCommand, sluice-engine") is not null;
}
