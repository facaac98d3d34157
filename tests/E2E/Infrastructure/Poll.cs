namespace Sluice.E2E.Infrastructure;

/// <summary>Polls a condition until it holds; the timeout error says what was awaited and the last observation.</summary>
public static class Poll
{
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } value && (value is not bool b || b))
                {
                    return value;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or Kubernetes.Errors.KubernetesApiException or InvalidOperationException)
            {
                last = ex;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"waited {timeout} for {what}; last error: {last?.Message ?? "none"}\n{diagnostics?.Invoke()}");
    }

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what, Func<string>? diagnostics = null) =>
        ValueAsync(async () => await probe(), timeout, what, diagnostics);
}
