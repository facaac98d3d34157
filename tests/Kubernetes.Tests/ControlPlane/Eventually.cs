using System.Diagnostics;

namespace Sluice.Kubernetes.Tests.ControlPlane;

/// <summary>Polls a condition until it holds; fails with a description of what was awaited.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"not within {timeout.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, what);
}
