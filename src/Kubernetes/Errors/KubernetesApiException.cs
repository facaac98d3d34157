using System.Net;
using k8s.Models;

namespace Sluice.Kubernetes.Errors;

/// <summary>
/// The API server answered with an error. <see cref="Status"/> carries its meta/v1 Status (reason, message,
/// field causes); subclasses name the cases callers handle: <see cref="NotFoundException"/>,
/// <see cref="ConflictException"/>, <see cref="AlreadyExistsException"/>, <see cref="InvalidException"/>,
/// <see cref="GoneException"/>, <see cref="ForbiddenException"/>, <see cref="UnauthorizedException"/>,
/// <see cref="TooManyRequestsException"/>.
/// </summary>
public class KubernetesApiException : Exception
{
    public KubernetesApiException()
        : this(HttpStatusCode.InternalServerError, new V1Status { Message = "unknown API error" })
    {
    }

    public KubernetesApiException(string message)
        : this(HttpStatusCode.InternalServerError, new V1Status { Message = message })
    {
    }

    public KubernetesApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = new V1Status { Message = message };
        StatusCode = HttpStatusCode.InternalServerError;
    }

    public KubernetesApiException(HttpStatusCode statusCode, V1Status status)
        : base(Describe(statusCode, status))
    {
        ArgumentNullException.ThrowIfNull(status);
        StatusCode = statusCode;
        Status = status;
    }

    /// <summary>The HTTP status code of the answer (or the code of a watch ERROR event).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The API's Status object; synthesized from the HTTP answer when the body was not one.</summary>
    public V1Status Status { get; }

    /// <summary>Maps an error answer to the most specific exception type.</summary>
    public static KubernetesApiException From(HttpStatusCode statusCode, V1Status status, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        return (int)statusCode switch
        {
            404 => new NotFoundException(status),
            409 when status.Reason == "AlreadyExists" => new AlreadyExistsException(status),
            409 => new ConflictException(status),
            410 => new GoneException(status),
            422 => new InvalidException(status),
            403 => new ForbiddenException(status),
            401 => new UnauthorizedException(status),
            429 => new TooManyRequestsException(status, retryAfter ?? RetryAfterFrom(status)),
            _ => new KubernetesApiException(statusCode, status),
        };
    }

    private static TimeSpan? RetryAfterFrom(V1Status status) =>
        status.Details?.RetryAfterSeconds is int seconds ? TimeSpan.FromSeconds(seconds) : null;

    private static string Describe(HttpStatusCode statusCode, V1Status status)
    {
        var causes = status?.Details?.Causes is { Count: > 0 } list
            ? " [" + string.Join("; ", list.Select(c => $"{c.Field}: {c.Message}")) + "]"
            : "";
        return $"{(int)statusCode} {status?.Reason}: {status?.Message}{causes}";
    }
}
