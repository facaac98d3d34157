using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Kubernetes.Client;
using Sluice.Kubernetes.Errors;

namespace Sluice.Kubernetes.Watching;

/// <summary>
/// A watch that survives dropped connections: it remembers the resourceVersion of the last event or
/// bookmark, reopens the watch from there when the stream ends (at once) or fails (after
/// <see cref="Backoff"/>), and stops only on cancellation or 410 Gone, which it throws as
/// <see cref="GoneException"/> so that the caller relists and watches again from the list's version.
/// </summary>
public static class ResumingWatch
{
    private static readonly TimeSpan MinQuietStream = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Watches from <paramref name="options"/>.ResourceVersion (null: from now) until cancelled.
    /// Bookmarks are yielded too; their object only carries metadata.resourceVersion.
    /// </summary>
    public static async IAsyncEnumerable<WatchEvent<T>> WatchResumingAsync<T>(
        this IKubernetesClient client,
        ResourceType type,
        string? @namespace,
        WatchOptions options,
        Backoff? backoff = null,
        ILogger? logger = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        backoff ??= new Backoff();
        logger ??= NullLogger.Instance;
        var resourceVersion = options.ResourceVersion;
        while (!cancellationToken.IsCancellationRequested)
        {
            var stream = client.WatchAsync<T>(type, @namespace, options with { ResourceVersion = resourceVersion }, cancellationToken);
            var enumerator = stream.GetAsyncEnumerator(cancellationToken);
            var openedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            var received = 0;
            Exception? failure = null;
            try
            {
                while (true)
                {
                    WatchEvent<T> next;
                    try
                    {
                        if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        next = enumerator.Current;
                    }
                    catch (GoneException)
                    {
                        throw;
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        yield break;
                    }
                    catch (Exception ex)
                    {
                        failure = ex;
                        break;
                    }

                    backoff.Reset();
                    received++;
                    resourceVersion = next.Object.Metadata.ResourceVersion ?? resourceVersion;
                    yield return next;
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }

            if (failure is null)
            {
                if (received > 0 || System.Diagnostics.Stopwatch.GetElapsedTime(openedAt) >= MinQuietStream)
                {
                    continue;
                }

                // Closed at once without an event (e.g. a server shutting down): do not spin.
                failure = new IOException("the watch stream closed immediately");
            }

            var delay = backoff.Next();
            logger.LogWarning("watch of {Kind} failed ({Error}); reconnecting from resourceVersion {ResourceVersion} in {DelayMs} ms",
                type.Kind, failure.Message, resourceVersion, (int)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
