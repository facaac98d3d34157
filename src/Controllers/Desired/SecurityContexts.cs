using k8s.Models;

namespace Sluice.Controllers.Desired;

/// <summary>Security contexts meeting the "restricted" Pod Security Standard.</summary>
public static class SecurityContexts
{
    /// <summary>Non-root UID/GID of the engine images.</summary>
    public const long UserId = 65532;

    public static V1PodSecurityContext Pod() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = UserId,
        RunAsGroup = UserId,
        FsGroup = UserId,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1SecurityContext Container() => new()
    {
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
    };
}
