namespace Sluice.Entities.Resources;

/// <summary>Engine implementations spec.engine.runtime accepts.</summary>
public static class EngineRuntimes
{
    public const string Sluice = "sluice";
}
