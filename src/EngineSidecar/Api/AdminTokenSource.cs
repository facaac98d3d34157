namespace Sluice.Engine.Api;

/// <summary>
/// The bearer token guarding <c>/admin</c>: a fixed value, or the content of a file that is re-read whenever its
/// modification time or length changes. A Secret mounted as a volume is updated in place by the kubelet (it swaps
/// the file's target), so a running engine follows a rotated or re-created admin Secret without a restart. Reading
/// costs one stat per admin call; the file is read only when the stamp changed.
/// </summary>
public sealed class AdminTokenSource
{
    private readonly string? _path;
    private readonly Lock _lock = new();
    private (DateTime WriteTimeUtc, long Length) _stamp;
    private string? _token;

    private AdminTokenSource(string? path, string? token)
    {
        _path = path;
        _token = token;
    }

    /// <summary>A token that never changes; null disables the admin API.</summary>
    public static AdminTokenSource Fixed(string? token) => new(null, string.IsNullOrEmpty(token) ? null : token);

    /// <summary>
    /// The token in <paramref name="path"/> (trimmed), read now; <see cref="ArgumentException"/> when the file is
    /// missing or empty at start.
    /// </summary>
    public static AdminTokenSource FromFile(string path)
    {
        var source = new AdminTokenSource(path, null);
        return source.Current() is null
            ? throw new ArgumentException(File.Exists(path) ? $"the admin token file '{path}' is empty" : $"the admin token file '{path}' does not exist")
            : source;
    }

    /// <summary>
    /// The token in force; null when the admin API is disabled. When the file is missing, unreadable or empty (the
    /// Secret is being deleted or swapped) the last token read stays in force.
    /// </summary>
    public string? Current()
    {
        if (_path is null)
        {
            return _token;
        }

        lock (_lock)
        {
            try
            {
                // A FileInfo of a symlink describes the link itself: stamp the file the link chain ends at (the
                // kubelet's token -> ..data/token, ..data -> ..<timestamp>/).
                var file = new FileInfo(_path);
                if (file.LinkTarget is not null)
                {
                    file = file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
                }

                if (!file.Exists)
                {
                    return _token;
                }

                var stamp = (file.LastWriteTimeUtc, file.Length);
                if (_token is null || stamp != _stamp)
                {
                    var text = File.ReadAllText(_path).Trim();
                    if (text.Length > 0)
                    {
                        _token = text;
                        _stamp = stamp;
                    }
                }
            }
            catch (IOException)
            {
                // Mid-swap or gone: keep the last token.
            }
            catch (UnauthorizedAccessException)
            {
            }

            return _token;
        }
    }
}
