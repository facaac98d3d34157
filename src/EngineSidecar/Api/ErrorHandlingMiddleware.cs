namespace Sluice.Engine.Api;

/// <summary>
/// Maps every exception of a handler to an OpenAI-style JSON error: <see cref="ApiException"/> to its status,
/// Kestrel's bad-request errors (e.g. 413) to theirs, engine failures and anything unexpected to a 500 that
/// reveals no internals. A request the client abandoned gets no response. A <see cref="BrokenResponseException"/> of a started
/// response passes through, so the server closes the connection without ending the body.
/// </summary>
public sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (BrokenResponseException) when (context.Response.HasStarted)
        {
            throw;
        }
        catch (ApiException ex)
        {
            await ErrorWriter.WriteAsync(context, ex);
        }
        catch (BadHttpRequestException ex)
        {
            var status = ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : StatusCodes.Status400BadRequest;
            var code = status == StatusCodes.Status413PayloadTooLarge ? "request_too_large" : null;
            await ErrorWriter.WriteAsync(context, new ApiException(status, ex.Message, "invalid_request_error", null, code));
        }
        catch (EngineFailedException ex)
        {
            await ErrorWriter.WriteAsync(context, new ApiException(StatusCodes.Status500InternalServerError, ex.Message, "server_error"));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await ErrorWriter.WriteAsync(context, new ApiException(StatusCodes.Status500InternalServerError, "internal server error", "server_error"));
        }
    }
}
