namespace Sluice.Engine.Fetch.Sources;

/// <summary>
/// A remote model: its file list at one resolved revision, and each file's bytes from an offset (for resume).
/// Errors are <see cref="FetchFailure"/>s naming the kind (unreachable, credentials, not found, invalid).
/// </summary>
public interface IModelSource
{
    /// <summary>The source in words, for messages (e.g. <c>hf://org/repo@main</c>).</summary>
    string Description { get; }

    /// <summary>Resolves the requested revision and lists the files (before any filter).</summary>
    Task<ResolvedModel> ResolveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The bytes of <paramref name="file"/> from <paramref name="offsetBytes"/>; the payload says where its content
    /// really starts (0 when the server ignored the range).
    /// </summary>
    Task<RemotePayload> OpenAsync(RemoteFile file, long offsetBytes, CancellationToken cancellationToken);
}
