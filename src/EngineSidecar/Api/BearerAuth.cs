using System.Security.Cryptography;
using System.Text;

namespace Sluice.Engine.Api;

/// <summary>Constant-time checks of <c>Authorization: Bearer</c> tokens.</summary>
public static class BearerAuth
{
    /// <summary>True when the request carries exactly <paramref name="expected"/> as its bearer token.</summary>
    public static bool Matches(HttpRequest request, string expected)
    {
        var header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(expected));
    }

    /// <summary>The 401 sent for a missing or wrong key.</summary>
    public static ApiException Unauthorized(string what) =>
        new(StatusCodes.Status401Unauthorized, $"missing or invalid {what} in the Authorization: Bearer header", "authentication_error", null, "invalid_api_key");
}
