namespace Sluice.Controllers.Desired;

/// <summary>Names of the objects an LLMDeployment owns, all in its namespace.</summary>
public sealed record ChildNames(string Deployment, string Service, string AdminSecret, string PodDisruptionBudget)
{
    /// <summary>The children of the LLMDeployment named <paramref name="name"/>.</summary>
    public static ChildNames For(string name) => new(name, name, $"{name}-admin", name);
}
