namespace Sluice.Entities.Resources;

/// <summary>The reasons the operator writes on conditions and events.</summary>
public static class ConditionReasons
{
    public const string InvalidScaling = "InvalidScaling";
    public const string UnknownGpuType = "UnknownGpuType";
    public const string InvalidSpec = "InvalidSpec";
    public const string DoesNotFit = "DoesNotFit";
    public const string ReplicasReady = "ReplicasReady";
    public const string ReplicasNotReady = "ReplicasNotReady";
    public const string RollingOut = "RollingOut";
    public const string RolloutComplete = "RolloutComplete";
    public const string SpecValid = "SpecValid";
    public const string ScaledToZero = "ScaledToZero";
}
