using System.Buffers.Binary;
using System.Text.Json;

namespace Sluice.Engine.Fetch.Cache;

/// <summary>
/// Checks that a <c>.safetensors</c> file is whole: an 8-byte little-endian header length, a JSON object header, and
/// every tensor's <c>data_offsets</c> inside the data that follows, the last one ending exactly at the end of the file.
/// </summary>
public static class SafetensorsHeader
{
    /// <summary>Largest header accepted (the format's own limit is 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Null when <paramref name="path"/> is a well-formed safetensors file; otherwise what is wrong.</summary>
    public static string? Problem(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (length < 8 || stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
        {
            return "shorter than its 8-byte header length";
        }

        var headerBytes = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerBytes is 0 or > MaxHeaderBytes || (long)headerBytes > length - 8)
        {
            return $"its header length {headerBytes} does not fit a file of {length} bytes";
        }

        var header = new byte[headerBytes];
        stream.ReadExactly(header);
        var dataBytes = length - 8 - (long)headerBytes;
        try
        {
            using var document = JsonDocument.Parse(header);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "its header is not a JSON object";
            }

            long end = 0;
            foreach (var tensor in document.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__"))
            {
                if (!tensor.Value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
                {
                    return $"tensor {tensor.Name} has no data_offsets pair";
                }

                var begin = offsets[0].GetInt64();
                var stop = offsets[1].GetInt64();
                if (begin < 0 || stop < begin || stop > dataBytes)
                {
                    return $"tensor {tensor.Name} has data offsets [{begin}, {stop}] outside its {dataBytes} data bytes";
                }

                end = Math.Max(end, stop);
            }

            return end == dataBytes ? null : $"its tensors end at byte {end} of {dataBytes} data bytes";
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return $"its header does not parse: {ex.Message}";
        }
    }
}
