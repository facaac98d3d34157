namespace Sluice.Kubernetes.Configuration;

/// <summary>Supplies the bearer token for each request.</summary>
public interface ITokenSource
{
    /// <summary>The current token; may re-read its backing file.</summary>
    string GetToken();
}
