using k8s.Models;

namespace Sluice.Controllers.Desired;

/// <summary>A PodDisruptionBudget allowing one engine pod down at a time; only wanted when more than one replica runs.</summary>
public static class PodDisruptionBudgetBuilder
{
    /// <summary>The PDB, or null when <see cref="DesiredInput.Replicas"/> is 1 or less (a PDB would then block node drains).</summary>
    public static V1PodDisruptionBudget? Build(DesiredInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Replicas <= 1)
        {
            return null;
        }

        return new V1PodDisruptionBudget
        {
            Metadata = Ownership.ChildMeta(input.Resource, input.Names.PodDisruptionBudget),
            Spec = new V1PodDisruptionBudgetSpec
            {
                MaxUnavailable = 1,
                Selector = new V1LabelSelector { MatchLabels = ChildLabels.Selector(input.Name) },
            },
        };
    }
}
