using System.Text;
using System.Text.Json;
using Sluice.Engine.Model.Weights;

namespace Sluice.Engine.Tests.Model.Quantization;

/// <summary>Reads every tensor of a safetensors file and writes a (changed) copy, for bad-input tests.</summary>
public static class SafetensorsRewriter
{
    /// <summary>One stored tensor.</summary>
    public sealed record Tensor(string Name, string Dtype, long[] Shape, byte[] Data);

    /// <summary>The tensors of <paramref name="path"/>.</summary>
    public static List<Tensor> Read(string path)
    {
        using var file = SafetensorsFile.Open(path);
        return file.TensorNames.Order(StringComparer.Ordinal).Select(name =>
        {
            var raw = file.GetRaw(name);
            var data = new byte[raw.ByteLength];
            System.Runtime.InteropServices.Marshal.Copy(raw.Data, data, 0, data.Length);
            return new Tensor(name, raw.Dtype, raw.Shape, data);
        }).ToList();
    }

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> in the safetensors layout (header, then bytes in order).</summary>
    public static void Write(string path, IEnumerable<Tensor> tensors)
    {
        var list = tensors.ToList();
        long offset = 0;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var t in list)
            {
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", t.Dtype);
                json.WriteStartArray("shape");
                foreach (var d in t.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + t.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += t.Data.Length;
            }

            json.WriteEndObject();
        }

        var headerBytes = buffer.ToArray();
        using var output = File.Create(path);
        output.Write(BitConverter.GetBytes((long)headerBytes.Length));
        output.Write(headerBytes);
        foreach (var t in list)
        {
            output.Write(t.Data);
        }
    }

    /// <summary>A copy of <paramref name="fixture"/> in a temporary directory with its weights passed through <paramref name="change"/>.</summary>
    public static string CopyWith(string fixture, Func<List<Tensor>, IEnumerable<Tensor>> change)
    {
        var dir = ModelFixtures.CopyToTemp(fixture);
        var weights = Path.Combine(dir, "model.safetensors");
        var tensors = Read(weights);
        Write(weights, change(tensors).ToList());
        return dir;
    }

    /// <summary>Replaces the text <paramref name="from"/> with <paramref name="to"/> in the fixture copy's config.json.</summary>
    public static void EditConfig(string dir, string from, string to)
    {
        var path = Path.Combine(dir, "config.json");
        var text = File.ReadAllText(path, Encoding.UTF8);
        text.Should().Contain(from);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
