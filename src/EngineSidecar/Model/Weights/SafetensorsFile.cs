using System.IO.MemoryMappedFiles;
using System.Text;
using System.Text.Json;

namespace Sluice.Engine.Model.Weights;

/// <summary>
/// One memory-mapped <c>.safetensors</c> file: an 8-byte little-endian header length, a JSON header
/// (name → dtype, shape, data_offsets relative to the end of the header), then the tensor bytes.
/// Nothing is copied: views point into the mapping, which lives until <see cref="Dispose"/>.
/// </summary>
public sealed unsafe class SafetensorsFile : IDisposable
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;
    private readonly MemoryMappedFile _mapping;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly Dictionary<string, Entry> _entries;
    private bool _disposed;

    private SafetensorsFile(string path, MemoryMappedFile mapping, MemoryMappedViewAccessor view, byte* basePointer, long dataStart, Dictionary<string, Entry> entries)
    {
        Path = path;
        _mapping = mapping;
        _view = view;
        _base = basePointer;
        DataStart = dataStart;
        _entries = entries;
    }

    /// <summary>Path of the file.</summary>
    public string Path { get; }

    /// <summary>Byte offset of the first tensor byte (8 + header length).</summary>
    public long DataStart { get; }

    /// <summary>Names of the tensors in the file.</summary>
    public IEnumerable<string> TensorNames => _entries.Keys;

    /// <summary>Maps <paramref name="path"/> and parses its header; throws <see cref="ModelLoadException"/> for a malformed file.</summary>
    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"{path}: file not found");
        }

        var length = new FileInfo(path).Length;
        if (length < 8)
        {
            throw new ModelLoadException($"{path}: too short for a safetensors file ({length} bytes)");
        }

        var mapping = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = mapping.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            var headerLength = *(long*)pointer;
            if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > length)
            {
                throw new ModelLoadException($"{path}: invalid safetensors header length {headerLength} (file is {length} bytes)");
            }

            var header = Encoding.UTF8.GetString(pointer + 8, (int)headerLength);
            var entries = ParseHeader(header, path, length - 8 - headerLength);
            return new SafetensorsFile(path, mapping, view, pointer, 8 + headerLength, entries);
        }
        catch
        {
            if (view is not null)
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
                view.Dispose();
            }

            mapping.Dispose();
            throw;
        }
    }

    /// <summary>True when the file holds <paramref name="name"/>.</summary>
    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>The tensor <paramref name="name"/>, checked against <paramref name="expectedShape"/> and the supported dtypes.</summary>
    public TensorView Get(string name, IReadOnlyList<long> expectedShape)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_entries.TryGetValue(name, out var entry))
        {
            throw new ModelLoadException($"{Path}: tensor '{name}' is missing");
        }

        var dtype = WeightDtypes.FromSafetensorsName(entry.Dtype)
            ?? throw new ModelLoadException($"{Path}: tensor '{name}' has unsupported dtype {entry.Dtype} (supported: F32, F16, BF16)");
        if (!entry.Shape.SequenceEqual(expectedShape))
        {
            throw new ModelLoadException(
                $"{Path}: tensor '{name}' has shape [{string.Join(", ", entry.Shape)}], expected [{string.Join(", ", expectedShape)}]");
        }

        var view = new TensorView(name, dtype, entry.Shape, (nint)(_base + DataStart + entry.Begin), Path, DataStart + entry.Begin);
        if (view.ByteLength != entry.End - entry.Begin)
        {
            throw new ModelLoadException(
                $"{Path}: tensor '{name}' spans {entry.End - entry.Begin} bytes but {entry.Dtype}{FormatShape(entry.Shape)} needs {view.ByteLength}");
        }

        return view;
    }

    /// <summary>
    /// The tensor <paramref name="name"/> as stored, of any dtype; throws <see cref="ModelLoadException"/> when it is missing,
    /// has an unknown dtype, or its byte span does not match dtype and shape (a truncated or corrupt tensor).
    /// </summary>
    public RawTensor GetRaw(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_entries.TryGetValue(name, out var entry))
        {
            throw new ModelLoadException($"{Path}: tensor '{name}' is missing");
        }

        var elementBytes = RawTensor.ElementBytes(entry.Dtype);
        if (elementBytes == 0)
        {
            throw new ModelLoadException($"{Path}: tensor '{name}' has unknown dtype {entry.Dtype}");
        }

        var raw = new RawTensor(name, entry.Dtype, entry.Shape, (nint)(_base + DataStart + entry.Begin), entry.End - entry.Begin, Path);
        if (entry.Shape.Any(d => d < 0) || raw.ElementCount * elementBytes != raw.ByteLength)
        {
            throw new ModelLoadException(
                $"{Path}: tensor '{name}' spans {raw.ByteLength} bytes but {entry.Dtype}{FormatShape(entry.Shape)} needs {raw.ElementCount * elementBytes}");
        }

        return raw;
    }

    /// <summary>
    /// Drops the mapped pages of tensor <paramref name="name"/> from the process's resident memory once its bytes have been
    /// copied (see <see cref="MappedPages.Drop"/>); its views stay valid. Unknown names are ignored.
    /// </summary>
    public void Release(string name)
    {
        if (!_disposed && _entries.TryGetValue(name, out var entry))
        {
            MappedPages.Drop((nint)(_base + DataStart + entry.Begin), entry.End - entry.Begin);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _mapping.Dispose();
    }

    private static string FormatShape(long[] shape) => $"[{string.Join(", ", shape)}]";

    private static Dictionary<string, Entry> ParseHeader(string header, string path, long dataBytes)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(header);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    continue;
                }

                var value = property.Value;
                var dtype = value.GetProperty("dtype").GetString() ?? string.Empty;
                var shape = value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataBytes)
                {
                    throw new ModelLoadException(
                        $"{path}: tensor '{property.Name}' has data_offsets [{string.Join(", ", offsets)}] outside the {dataBytes} data bytes");
                }

                entries[property.Name] = new Entry(dtype, shape, offsets[0], offsets[1]);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new ModelLoadException($"{path}: malformed safetensors header: {e.Message}", e);
        }

        return entries;
    }

    private sealed record Entry(string Dtype, long[] Shape, long Begin, long End);
}
