using k8s.Models;
using Sluice.Controllers.Reconciling;
using Sluice.Controllers.Tests.Desired;
using Sluice.Entities.Resources;
using Sluice.Entities.Validation;

namespace Sluice.Controllers.Tests.Reconciling;

public class StatusCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 1, 0, 0, TimeSpan.Zero);

    private static V1Deployment Observed(int wanted, int replicas, int ready, int updated, long generation = 1, long observed = 1) => new()
    {
        Metadata = new V1ObjectMeta { Generation = generation },
        Spec = new V1DeploymentSpec { Replicas = wanted },
        Status = new V1DeploymentStatus { Replicas = replicas, ReadyReplicas = ready, UpdatedReplicas = updated, ObservedGeneration = observed },
    };

    private static string? Condition(LLMDeploymentStatus status, string type) => status.Conditions!.Single(c => c.Type == type).Status;

    [Theory]
    [InlineData(1, 0, 0, 0, 1, 1, "False", "True")]
    [InlineData(1, 1, 1, 1, 1, 1, "True", "False")]
    [InlineData(3, 3, 1, 3, 1, 1, "True", "True")]
    [InlineData(3, 3, 1, 3, 3, 1, "False", "True")]
    [InlineData(2, 2, 2, 2, 2, 1, "True", "True")]
    public void Ready_and_progressing_follow_the_deployment(int wanted, int replicas, int ready, int updated, int minReplicas, long observedGeneration,
        string expectedReady, string expectedProgressing)
    {
        var resource = Fixtures.Resource(edit: s => s.Scaling = new ScalingSpec { MinReplicas = minReplicas });
        var generation = wanted == 2 ? 2L : 1L;

        var status = StatusCalculator.Serving(Fixtures.Input(resource, wanted), Observed(wanted, replicas, ready, updated, generation, observedGeneration), T0);

        Condition(status, ConditionTypes.Ready).Should().Be(expectedReady);
        Condition(status, ConditionTypes.Progressing).Should().Be(expectedProgressing);
        Condition(status, ConditionTypes.Degraded).Should().Be("False");
        status.ObservedGeneration.Should().Be(3);
        status.Conditions.Should().OnlyContain(c => c.ObservedGeneration == 3);
        status.ReadyReplicas.Should().Be(ready);
    }

    [Fact]
    public void Transition_time_moves_only_when_the_status_flips_and_tuner_conditions_survive()
    {
        var resource = Fixtures.Resource();
        resource.Status = new LLMDeploymentStatus
        {
            Conditions = [new V1Condition { Type = ConditionTypes.SloMet, Status = "True", Reason = "WithinSlo", LastTransitionTime = T0.UtcDateTime }],
        };
        var first = StatusCalculator.Serving(Fixtures.Input(resource), Observed(1, 1, 0, 1), T0);
        resource.Status = first;

        var stillNotReady = StatusCalculator.Serving(Fixtures.Input(resource), Observed(1, 1, 0, 1), T0.AddMinutes(1));
        var nowReady = StatusCalculator.Serving(Fixtures.Input(resource), Observed(1, 1, 1, 1), T0.AddMinutes(2));

        StatusOwnership.Differs(first, stillNotReady, StatusOwner.Reconciler).Should().BeFalse();
        stillNotReady.Conditions!.Single(c => c.Type == ConditionTypes.Ready).LastTransitionTime.Should().Be(T0.UtcDateTime);
        nowReady.Conditions!.Single(c => c.Type == ConditionTypes.Ready).LastTransitionTime.Should().Be(T0.AddMinutes(2).UtcDateTime);
        nowReady.Conditions.Should().ContainSingle(c => c.Type == ConditionTypes.SloMet && c.Status == "True");
    }

    [Fact]
    public void Degraded_names_every_problem_and_keeps_the_first_reason()
    {
        var problems = new[]
        {
            new SpecProblem("spec.gpu.type", ConditionReasons.UnknownGpuType, "GPU type 'x' is not in the catalog"),
            new SpecProblem("spec.scaling", ConditionReasons.InvalidScaling, "minReplicas 3 is greater than maxReplicas 1"),
        };

        var status = StatusCalculator.Degraded(Fixtures.Resource(), problems, T0);

        var degraded = status.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        degraded.Status.Should().Be("True");
        degraded.Reason.Should().Be(ConditionReasons.UnknownGpuType);
        degraded.Message.Should().Contain("spec.gpu.type").And.Contain("spec.scaling");
        Condition(status, ConditionTypes.Ready).Should().Be("False");
    }

    [Fact]
    public void An_engine_problem_degrades_a_valid_spec_and_keeps_replica_readiness_and_the_engine_report()
    {
        var resource = Fixtures.Resource();
        resource.Status = new LLMDeploymentStatus { Engine = new EngineStatus { Quantization = "none", KvCacheDtype = "bf16", Pod = "p", ObservedGeneration = 3 } };
        var problem = new SpecProblem("status.engine", ConditionReasons.EngineMismatch, "the engine in pod p reports quantization none");

        var status = StatusCalculator.Serving(Fixtures.Input(resource), Observed(1, 1, 1, 1), T0, problem);
        resource.Status = status;
        var fixedAgain = StatusCalculator.Serving(Fixtures.Input(resource), Observed(1, 1, 1, 1), T0.AddMinutes(1));

        var degraded = status.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        (degraded.Status, degraded.Reason, degraded.Message, degraded.ObservedGeneration).Should().Be(("True", ConditionReasons.EngineMismatch, problem.Message, 3L));
        Condition(status, ConditionTypes.Ready).Should().Be("True", "the replica serves, only not as specified");
        status.Engine!.Quantization.Should().Be("none", "status.engine is the SLO controller's and is carried over");
        var cleared = fixedAgain.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        (cleared.Status, cleared.Reason, cleared.LastTransitionTime).Should().Be(("False", ConditionReasons.SpecValid, T0.AddMinutes(1).UtcDateTime));
    }

    [Theory]
    [InlineData(null, null, null, 1)]
    [InlineData(2, null, null, 2)]
    [InlineData(2, 5, null, 2)]
    [InlineData(2, 5, 4, 4)]
    [InlineData(2, 5, 9, 5)]
    [InlineData(3, null, 1, 3)]
    [InlineData(1, null, 3, 1)]
    [InlineData(0, null, 2, 0)]
    public void Desired_replicas_keep_the_autoscalers_choice_within_bounds(int? min, int? max, int? current, int expected)
    {
        var scaling = new ScalingSpec { MinReplicas = min, MaxReplicas = max };
        var existing = current is null ? null : new V1Deployment { Spec = new V1DeploymentSpec { Replicas = current } };

        LLMDeploymentReconciler.DesiredReplicas(scaling, null, existing).Should().Be(expected);
    }
}
