namespace Sluice.Kubernetes.Configuration;

/// <summary>A token that never changes (kubeconfig <c>token</c>).</summary>
public sealed class StaticTokenSource : ITokenSource
{
    private readonly string _token;

    public StaticTokenSource(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _token = token.Trim();
    }

    public string GetToken() => _token;
}
