using System.Text;

namespace Sluice.Engine.Cli;

/// <summary>
/// Writes why the engine failed to start to the Kubernetes termination-message file, so that the pod's status (and the
/// operator's Degraded condition) shows the reason instead of a bare CrashLoopBackOff. Never throws.
/// </summary>
public static class TerminationMessage
{
    /// <summary>Kubernetes' default terminationMessagePath.</summary>
    public const string DefaultPath = "/dev/termination-log";

    /// <summary>Largest message written (the kubelet keeps at most 4 KiB).</summary>
    public const int MaxBytes = 4096;

    /// <summary>
    /// Writes <paramref name="reason"/> (UTF-8, cut to <see cref="MaxBytes"/> on a character boundary) to
    /// <paramref name="path"/> when that file exists or its directory exists and is writable; returns whether it was written.
    /// </summary>
    public static bool TryWrite(string? path, string reason)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!File.Exists(path) && (directory is null || !Directory.Exists(directory)))
            {
                return false;
            }

            File.WriteAllBytes(path, Truncate(reason));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            return false;
        }
    }

    /// <summary>The UTF-8 bytes of <paramref name="reason"/>, at most <see cref="MaxBytes"/>, never splitting a character.</summary>
    public static byte[] Truncate(string reason)
    {
        var bytes = Encoding.UTF8.GetBytes(reason);
        if (bytes.Length <= MaxBytes)
        {
            return bytes;
        }

        var length = MaxBytes;
        while (length > 0 && (bytes[length] & 0xC0) == 0x80)
        {
            length--;
        }

        return bytes[..length];
    }
}
