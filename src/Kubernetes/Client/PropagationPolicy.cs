namespace Sluice.Kubernetes.Client;

/// <summary>Values of V1DeleteOptions.PropagationPolicy.</summary>
public static class PropagationPolicy
{
    public const string Orphan = "Orphan";
    public const string Background = "Background";
    public const string Foreground = "Foreground";
}
