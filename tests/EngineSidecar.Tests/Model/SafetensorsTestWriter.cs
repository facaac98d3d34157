using System.Text;
using System.Text.Json;

namespace Sluice.Engine.Tests.Model;

/// <summary>Writes small safetensors files for loader tests: (name, dtype name, shape, raw bytes).</summary>
public static class SafetensorsTestWriter
{
    public static void Write(string path, IEnumerable<(string Name, string Dtype, long[] Shape, byte[] Data)> tensors)
    {
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        var offset = 0L;
        var list = tensors.ToList();
        foreach (var (name, dtype, shape, data) in list)
        {
            header[name] = new { dtype, shape, data_offsets = new[] { offset, offset + data.Length } };
            offset += data.Length;
        }

        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((long)json.Length));
        stream.Write(json);
        foreach (var tensor in list)
        {
            stream.Write(tensor.Data);
        }
    }

    /// <summary>The tensors of an existing file, converted to fp16 when <paramref name="toF16"/>.</summary>
    public static List<(string Name, string Dtype, long[] Shape, byte[] Data)> ReadAll(string path, bool toF16 = false)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = BitConverter.ToInt64(bytes, 0);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength));
        var result = new List<(string, string, long[], byte[])>();
        foreach (var p in doc.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__"))
        {
            var dtype = p.Value.GetProperty("dtype").GetString()!;
            var shape = p.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            var offsets = p.Value.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            var data = bytes.AsSpan((int)(8 + headerLength + offsets[0]), (int)(offsets[1] - offsets[0])).ToArray();
            if (toF16 && dtype == "F32")
            {
                var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data);
                var halves = new Half[floats.Length];
                for (var i = 0; i < floats.Length; i++)
                {
                    halves[i] = (Half)floats[i];
                }

                data = System.Runtime.InteropServices.MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
                dtype = "F16";
            }

            result.Add((p.Name, dtype, shape, data));
        }

        return result;
    }
}
