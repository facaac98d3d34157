namespace Sluice.Engine.Fetch.Sources;

/// <summary>A model's files at one immutable revision.</summary>
/// <param name="Revision">The resolved revision: an HF commit sha, an OCI manifest digest, a hash of an S3 listing. Safe as a directory name.</param>
/// <param name="Files">Every file of the revision.</param>
public sealed record ResolvedModel(string Revision, IReadOnlyList<RemoteFile> Files);
