using k8s.Models;
using Sluice.Kubernetes.Helpers;

namespace Sluice.Kubernetes.Tests.Helpers;

public class OwnerReferencesTests
{
    private static V1ConfigMap Owner(string uid) => new() { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "o-" + uid, Uid = uid } };

    [Fact]
    public void Controller_reference_points_at_the_owner()
    {
        var child = new V1Secret { Metadata = new V1ObjectMeta() };

        OwnerReferences.SetControllerReference(child, Owner("u1"));
        OwnerReferences.SetControllerReference(child, Owner("u1"));

        var reference = child.Metadata.OwnerReferences.Should().ContainSingle().Subject;
        reference.Should().BeEquivalentTo(new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "o-u1", Uid = "u1", Controller = true, BlockOwnerDeletion = true });
        OwnerReferences.IsControlledBy(child, Owner("u1")).Should().BeTrue();
        OwnerReferences.IsControlledBy(child, Owner("u2")).Should().BeFalse();
    }

    [Fact]
    public void A_second_controller_is_refused()
    {
        var child = new V1Secret { Metadata = new V1ObjectMeta { Name = "c" } };
        OwnerReferences.SetControllerReference(child, Owner("u1"));

        var act = () => OwnerReferences.SetControllerReference(child, Owner("u2"));

        act.Should().Throw<InvalidOperationException>().WithMessage("*already controlled by ConfigMap o-u1*");
    }

    [Fact]
    public void Owners_need_a_uid()
    {
        var act = () => OwnerReferences.ControllerReferenceTo(new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "x" } });

        act.Should().Throw<ArgumentException>().WithMessage("*uid*");
    }
}
