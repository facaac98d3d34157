namespace Sluice.Kubernetes.Models;

/// <summary>Values of <see cref="DeleteOptions.PropagationPolicy"/>.</summary>
public static class PropagationPolicy
{
    public const string Orphan = "Orphan";
    public const string Background = "Background";
    public const string Foreground = "Foreground";
}
