namespace Sluice.Kubernetes.Events;

/// <summary>Values of Event.type.</summary>
public static class EventTypes
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
