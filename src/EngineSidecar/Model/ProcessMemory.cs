using System.Globalization;

namespace Sluice.Engine.Model;

/// <summary>The process's resident memory as Linux reports it in /proc/self/status.</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in bytes; null where /proc/self/status is missing or has no such line.</summary>
    public static long? PeakResidentBytes()
    {
        const string path = "/proc/self/status";
        try
        {
            return File.Exists(path) ? StatusBytes(File.ReadAllText(path), "VmHWM") : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The value of field <paramref name="field"/> (e.g. "VmHWM") of a /proc/PID/status text in bytes (the file states kB,
    /// meaning KiB); null when the field is absent or not a number of kB.
    /// </summary>
    public static long? StatusBytes(string status, string field)
    {
        ArgumentNullException.ThrowIfNull(status);
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line[(field.Length + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                ? kib * 1024
                : null;
        }

        return null;
    }
}
