using System.Text.Json.Nodes;

namespace Sluice.Controllers.Desired;

/// <summary>Security contexts meeting the "restricted" Pod Security Standard.</summary>
public static class SecurityContexts
{
    /// <summary>Non-root UID/GID of the engine images.</summary>
    public const long UserId = 65532;

    public static JsonObject Pod() => new()
    {
        ["runAsNonRoot"] = true,
        ["runAsUser"] = UserId,
        ["runAsGroup"] = UserId,
        ["fsGroup"] = UserId,
        ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
    };

    public static JsonObject Container() => new()
    {
        ["allowPrivilegeEscalation"] = false,
        ["readOnlyRootFilesystem"] = true,
        ["runAsNonRoot"] = true,
        ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
    };
}
