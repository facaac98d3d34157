using System.Net;
using k8s.Models;
using Sluice.Kubernetes.Errors;

namespace Sluice.Kubernetes.Tests.Errors;

public class ErrorMappingTests
{
    [Theory]
    [InlineData(404, "NotFound", typeof(NotFoundException))]
    [InlineData(409, "Conflict", typeof(ConflictException))]
    [InlineData(409, "AlreadyExists", typeof(AlreadyExistsException))]
    [InlineData(410, "Expired", typeof(GoneException))]
    [InlineData(422, "Invalid", typeof(InvalidException))]
    [InlineData(403, "Forbidden", typeof(ForbiddenException))]
    [InlineData(401, "Unauthorized", typeof(UnauthorizedException))]
    [InlineData(429, "TooManyRequests", typeof(TooManyRequestsException))]
    [InlineData(500, "InternalError", typeof(KubernetesApiException))]
    public void Status_codes_map_to_typed_exceptions(int code, string reason, Type expected)
    {
        var error = KubernetesApiException.From((HttpStatusCode)code, new V1Status { Code = code, Reason = reason, Message = "m" });

        error.Should().BeOfType(expected);
        error.Status.Reason.Should().Be(reason);
        ((int)error.StatusCode).Should().Be(code);
    }

    [Fact]
    public void Invalid_carries_field_causes_in_its_message()
    {
        var status = new V1Status
        {
            Reason = "Invalid",
            Message = "bad",
            Details = new V1StatusDetails { Causes = [new V1StatusCause { Field = "spec.replicas", Message = "must be >= 0" }] },
        };

        var error = (InvalidException)KubernetesApiException.From((HttpStatusCode)422, status);

        error.Causes.Should().ContainSingle().Which.Field.Should().Be("spec.replicas");
        error.Message.Should().Contain("spec.replicas: must be >= 0");
    }

    [Theory]
    [InlineData(null, 7, 7)]
    [InlineData(3, 7, 3)]
    public void Too_many_requests_prefers_the_header_then_the_status(int? headerSeconds, int statusSeconds, int expectedSeconds)
    {
        var status = new V1Status { Reason = "TooManyRequests", Details = new V1StatusDetails { RetryAfterSeconds = statusSeconds } };

        var error = (TooManyRequestsException)KubernetesApiException.From(
            (HttpStatusCode)429, status, headerSeconds is int s ? TimeSpan.FromSeconds(s) : null);

        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(expectedSeconds));
    }
}
