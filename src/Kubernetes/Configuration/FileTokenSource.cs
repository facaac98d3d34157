namespace Sluice.Kubernetes.Configuration;

/// <summary>
/// A token read from a file and re-read when the file's modification time changes or after
/// <see cref="MaxAge"/>, so projected service-account tokens that the kubelet rotates keep working.
/// </summary>
public sealed class FileTokenSource : ITokenSource
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private string? _token;
    private DateTime _fileTimeUtc;
    private DateTime _readAtUtc;

    public FileTokenSource(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
    }

    /// <summary>Longest time a read token is used without checking the file again.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(1);

    public string GetToken()
    {
        lock (_lock)
        {
            var now = DateTime.UtcNow;
            var fileTime = File.GetLastWriteTimeUtc(_path);
            if (_token is null || fileTime != _fileTimeUtc || now - _readAtUtc > MaxAge)
            {
                var text = File.ReadAllText(_path).Trim();
                if (text.Length == 0)
                {
                    throw new InvalidOperationException($"token file {_path} is empty");
                }

                _token = text;
                _fileTimeUtc = fileTime;
                _readAtUtc = now;
            }

            return _token;
        }
    }
}
