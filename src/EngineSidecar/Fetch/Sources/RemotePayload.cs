namespace Sluice.Engine.Fetch.Sources;

/// <summary>A file's bytes being received; <see cref="StartOffsetBytes"/> is where <see cref="Content"/> starts in the file.</summary>
public sealed class RemotePayload(Stream content, long startOffsetBytes, IDisposable? owner = null) : IAsyncDisposable
{
    public Stream Content { get; } = content;

    public long StartOffsetBytes { get; } = startOffsetBytes;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        owner?.Dispose();
    }
}
