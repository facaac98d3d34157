using Microsoft.Win32.SafeHandles;

namespace Sluice.Engine.Model.Weights;

/// <summary>
/// Reads byte ranges of one file with positional reads, several pieces of a large range at once. Nothing is mapped: the
/// file's pages go through the page cache, never into the process's resident memory.
/// </summary>
public sealed unsafe class FileRangeReader : IDisposable
{
    /// <summary>Ranges are read in pieces of this many bytes, up to <see cref="MaxParallelPieces"/> at a time.</summary>
    public const int PieceBytes = 8 << 20;

    /// <summary>Pieces read concurrently.</summary>
    public const int MaxParallelPieces = 8;

    private readonly SafeFileHandle _handle;

    /// <summary>Opens <paramref name="path"/> for reading; throws <see cref="ModelLoadException"/> when it cannot be opened.</summary>
    public FileRangeReader(string path)
    {
        Path = path;
        try
        {
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"{path}: cannot be opened: {e.Message}", e);
        }
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>
    /// Fills <paramref name="destination"/> with the file's bytes from <paramref name="offsetBytes"/> on; throws
    /// <see cref="ModelLoadException"/> when the file ends first (a truncated file).
    /// </summary>
    public void Read(long offsetBytes, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offsetBytes);
        var pieces = (destination.Length + PieceBytes - 1) / PieceBytes;
        if (pieces <= 1)
        {
            ReadFully(offsetBytes, destination);
            return;
        }

        fixed (byte* start = destination)
        {
            var address = (nint)start;
            var length = destination.Length;
            Parallel.For(0, pieces, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPieces }, piece =>
            {
                var begin = piece * PieceBytes;
                var count = Math.Min(PieceBytes, length - begin);
                ReadFully(offsetBytes + begin, new Span<byte>((byte*)address + begin, count));
            });
        }
    }

    public void Dispose() => _handle.Dispose();

    private void ReadFully(long offsetBytes, Span<byte> destination)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var read = RandomAccess.Read(_handle, destination[done..], offsetBytes + done);
            if (read == 0)
            {
                throw new ModelLoadException(
                    $"{Path}: the file ends at byte {offsetBytes + done}, {destination.Length - done} bytes short of the range read from {offsetBytes}");
            }

            done += read;
        }
    }
}
