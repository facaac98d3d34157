using System.Net;
using System.Net.Http.Headers;
using k8s.Autorest;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;

namespace Sluice.Kubernetes.Tests.Errors;

public class ApiCallTests
{
    [Fact]
    public async Task Throttled_calls_are_retried_after_retry_after_then_fail_typed()
    {
        var calls = 0;
        var act = () => ApiCall.RunAsync<int>(_ =>
        {
            calls++;
            throw Answer(HttpStatusCode.TooManyRequests, """{"kind":"Status","code":429,"reason":"TooManyRequests","message":"slow down"}""", TimeSpan.Zero);
        }, TimeSpan.FromSeconds(5), "get", CancellationToken.None);

        var error = (await act.Should().ThrowAsync<TooManyRequestsException>()).Which;

        calls.Should().Be(1 + ApiCall.MaxThrottleRetries);
        error.RetryAfter.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task A_call_answered_after_throttling_returns_its_result()
    {
        var calls = 0;
        var result = await ApiCall.RunAsync(_ => ++calls == 1
            ? throw Answer(HttpStatusCode.TooManyRequests, "", TimeSpan.Zero)
            : Task.FromResult(42), TimeSpan.FromSeconds(5), "get", CancellationToken.None);

        result.Should().Be(42);
        calls.Should().Be(2);
    }

    [Fact]
    public async Task Error_bodies_that_are_not_a_status_keep_the_code_and_text()
    {
        var act = () => ApiCall.RunAsync<int>(_ => throw Answer(HttpStatusCode.NotFound, "404 page not found", null), TimeSpan.FromSeconds(5), "get", CancellationToken.None);

        var error = (await act.Should().ThrowAsync<NotFoundException>()).Which;

        error.Status.Code.Should().Be(404);
        error.Status.Message.Should().Be("404 page not found");
    }

    [Fact]
    public async Task Calls_past_the_request_timeout_throw_timeout_exceptions()
    {
        var act = () => ApiCall.RunAsync(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }, TimeSpan.FromMilliseconds(50), "get configmaps", CancellationToken.None);

        (await act.Should().ThrowAsync<TimeoutException>()).WithMessage("get configmaps took longer than*");
    }

    [Theory]
    [InlineData(410, "Expired", typeof(GoneException))]
    [InlineData(500, "InternalError", typeof(KubernetesApiException))]
    public void Watch_error_events_become_typed_exceptions(int code, string reason, Type expected)
    {
        var status = new k8s.Models.V1Status { Kind = "Status", Code = code, Reason = reason, Message = "too old resource version" };

        var error = ApiCall.ToApiException(new k8s.KubernetesException(status));

        error.Should().BeOfType(expected);
        error.Status.Message.Should().Be("too old resource version");
    }

    private static HttpOperationException Answer(HttpStatusCode code, string body, TimeSpan? retryAfter)
    {
        using var response = new HttpResponseMessage(code);
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(delay);
        }

        return new HttpOperationException($"{(int)code}") { Response = new HttpResponseMessageWrapper(response, body) };
    }
}
