using System.Runtime.InteropServices;

namespace Sluice.Engine.Model.Weights;

/// <summary>Tells Linux that pages of a read-only file mapping are no longer needed, so they leave the process's resident set.</summary>
internal static partial class MappedPages
{
    private const int MadviseDontNeed = 4;

    /// <summary>
    /// Drops the pages covering [address, address + bytes) from the resident set (madvise MADV_DONTNEED); a later read faults
    /// them in again from the page cache, unchanged. The first page is rounded down, so a neighbour's bytes sharing it are
    /// dropped too, harmlessly. A no-op off Linux or for an empty range.
    /// </summary>
    public static void Drop(nint address, long bytes)
    {
        if (!OperatingSystem.IsLinux() || bytes <= 0)
        {
            return;
        }

        var page = (long)Environment.SystemPageSize;
        var start = (long)address & ~(page - 1);
        _ = madvise((nint)start, (nuint)((long)address + bytes - start), MadviseDontNeed);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int madvise(nint address, nuint length, int advice);
}
