using Sluice.Contracts.Fetch;

namespace Sluice.Engine.Fetch.Sources;

/// <summary>
/// Reads credentials from files (a Secret mounted as a volume), never from arguments or the environment. Read at every
/// attempt, so a Secret fixed after the pod started reaches the running fetcher once the kubelet refreshes the volume.
/// </summary>
public static class CredentialFiles
{
    /// <summary>
    /// The trimmed content of <paramref name="path"/>; null when no path is given. A path given but absent or empty is
    /// a CredentialsRejected failure naming <paramref name="what"/> (the Secret or its key does not exist).
    /// </summary>
    public static string? ReadOptional(string? path, string what)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.Length > 0
                ? text
                : throw new FetchFailure(FetchErrorKind.CredentialsRejected, $"{what} file {path} is empty (check the Secret's key)");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FetchFailure(FetchErrorKind.CredentialsRejected, $"{what} file {path} does not exist: the Secret or its key is missing", ex);
        }
    }
}
