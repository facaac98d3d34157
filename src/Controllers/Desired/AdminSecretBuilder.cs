using System.Security.Cryptography;
using k8s.Models;

namespace Sluice.Controllers.Desired;

/// <summary>
/// The Secret holding the bearer token of the engines' /admin API. Created once with a random token and
/// then left alone, so pods and the tuner keep agreeing on it.
/// </summary>
public static class AdminSecretBuilder
{
    /// <summary>The Secret for <paramref name="input"/> holding <paramref name="token"/>.</summary>
    public static V1Secret Build(DesiredInput input, string token)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new V1Secret
        {
            Metadata = Ownership.ChildMeta(input.Resource, input.Names.AdminSecret),
            Type = "Opaque",
            StringData = new Dictionary<string, string>(StringComparer.Ordinal) { [EngineArgs.AdminTokenKey] = token },
        };
    }

    /// <summary>A fresh token: 32 random bytes as 64 lower-case hex digits.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
