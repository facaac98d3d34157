using System.Buffers.Binary;
using System.Text;

namespace Sluice.Engine.Tests.Fetch;

/// <summary>Small model files for fetch tests: a config, a tokenizer stand-in and a well-formed safetensors file.</summary>
public static class TinyModel
{
    /// <summary>config.json, tokenizer.json, README.md and model.safetensors with <paramref name="floats"/> float32 values.</summary>
    public static Dictionary<string, byte[]> Files(int floats = 4096) => new(StringComparer.Ordinal)
    {
        ["config.json"] = Encoding.UTF8.GetBytes("{\"model_type\":\"llama\",\"hidden_size\":8}"),
        ["tokenizer.json"] = Encoding.UTF8.GetBytes("{\"version\":\"1.0\"}"),
        ["README.md"] = Encoding.UTF8.GetBytes("# tiny\n"),
        ["model.safetensors"] = Safetensors(floats),
    };

    /// <summary>A safetensors file holding one float32 tensor of <paramref name="floats"/> values (a counting pattern).</summary>
    public static byte[] Safetensors(int floats)
    {
        var header = Encoding.UTF8.GetBytes($"{{\"w\":{{\"dtype\":\"F32\",\"shape\":[{floats}],\"data_offsets\":[0,{floats * 4}]}}}}");
        var padded = (header.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + (floats * 4)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        header.CopyTo(bytes, 8);
        bytes.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        for (var i = 0; i < floats; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8 + padded + (i * 4)), i * 0.5f);
        }

        return bytes;
    }
}
