using k8s.Models;
using Sluice.Controllers.Runtimes;

namespace Sluice.Controllers.Desired;

/// <summary>The Deployment running the engine replicas of one LLMDeployment.</summary>
public static class DeploymentBuilder
{
    /// <summary>
    /// The Deployment for <paramref name="input"/>. GPU replicas roll one at a time without surge (a surge pod
    /// would wait for a free GPU); CPU replicas surge by one and never drop below the desired count. A proxied runtime's pods
    /// always surge by one and never drop below the desired count (maxUnavailable 0): its batch lever rolls them, and a
    /// lever move must never cost ready capacity (on a full GPU pool the rollout waits for a free GPU instead).
    /// </summary>
    public static V1Deployment Build(DesiredInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var gpu = input.Gpu is not null;
        var noSurge = gpu && EngineRuntimeCatalog.For(input.Spec) is not IProxiedRuntime;
        return new V1Deployment
        {
            Metadata = Ownership.ChildMeta(input.Resource, input.Names.Deployment),
            Spec = new V1DeploymentSpec
            {
                Replicas = input.Replicas,
                Selector = new V1LabelSelector { MatchLabels = ChildLabels.Selector(input.Name) },
                Template = PodTemplateBuilder.Build(input),
                RevisionHistoryLimit = 3,
                ProgressDeadlineSeconds = gpu ? 3600 : 600,
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment
                    {
                        MaxSurge = noSurge ? 0 : 1,
                        MaxUnavailable = noSurge ? 1 : 0,
                    },
                },
            },
        };
    }
}
