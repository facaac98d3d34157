namespace Sluice.Kubernetes.Helpers;

/// <summary>Common condition types and statuses.</summary>
public static class ConditionTypes
{
    public const string Ready = "Ready";
    public const string Progressing = "Progressing";
    public const string Degraded = "Degraded";

    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";
}
