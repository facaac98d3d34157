using System.Net;
using Sluice.Contracts.Fetch;

namespace Sluice.Engine.Fetch.Progress;

/// <summary>
/// Serves <see cref="FetchProgressReport.Path"/> as JSON on all addresses at one port while the fetcher runs (in the pod,
/// the engine's API port: the engine starts only after the init container ends). The operator reads it from the pod IP,
/// which needs no RBAC and no writable API access from the pod. Anything else is 404.
/// </summary>
public sealed class ProgressServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly FetchProgress _progress;
    private readonly Task _loop;

    public ProgressServer(int port, FetchProgress progress)
    {
        _progress = progress;
        _listener.Prefixes.Add($"http://*:{port}/");
        _listener.Start();
        _loop = ServeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // stopped
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            if (context.Request.Url?.AbsolutePath != FetchProgressReport.Path)
            {
                response.StatusCode = 404;
                continue;
            }

            var body = _progress.ToJson();
            response.ContentType = "application/json";
            response.ContentLength64 = body.Length;
            try
            {
                await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
            }
            catch (HttpListenerException)
            {
                // the client went away
            }
        }
    }
}
