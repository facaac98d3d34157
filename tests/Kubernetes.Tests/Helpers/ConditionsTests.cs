using k8s.Models;
using Sluice.Kubernetes.Helpers;

namespace Sluice.Kubernetes.Tests.Helpers;

public class ConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);

    [Theory]
    [InlineData("True", "Running", 3L, false, false)]
    [InlineData("True", "Running", 4L, true, false)]
    [InlineData("True", "Other", 3L, true, false)]
    [InlineData("False", "Running", 3L, true, true)]
    public void Set_reports_changes_and_moves_the_transition_time_only_on_status_change(string status, string reason, long generation, bool changed, bool transitioned)
    {
        var conditions = new List<V1Condition>();
        Conditions.Set(conditions, ConditionTypes.Ready, ConditionTypes.True, "Running", "ok", 3, T0).Should().BeTrue();

        Conditions.Set(conditions, ConditionTypes.Ready, status, reason, "ok", generation, T1).Should().Be(changed);

        var ready = conditions.Should().ContainSingle().Subject;
        ready.LastTransitionTime.Should().Be((transitioned ? T1 : T0).UtcDateTime);
        ready.ObservedGeneration.Should().Be(generation);
        Conditions.IsTrue(conditions, ConditionTypes.Ready).Should().Be(status == "True");
    }

    [Fact]
    public void Bad_statuses_are_rejected()
    {
        var act = () => Conditions.Set([], ConditionTypes.Ready, "yes", "r", "m", null, T0);

        act.Should().Throw<ArgumentException>().WithMessage("*True, False or Unknown*");
    }

    [Fact]
    public void Remove_deletes_by_type()
    {
        var conditions = new List<V1Condition>();
        Conditions.Set(conditions, ConditionTypes.Degraded, ConditionTypes.True, "r", "m", null, T0);

        Conditions.Remove(conditions, ConditionTypes.Degraded).Should().BeTrue();
        Conditions.Remove(conditions, ConditionTypes.Degraded).Should().BeFalse();
        Conditions.Find(conditions, ConditionTypes.Degraded).Should().BeNull();
    }
}
