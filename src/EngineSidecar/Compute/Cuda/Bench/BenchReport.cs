using System.Text.Json;

namespace Sluice.Engine.Compute.Cuda.Bench;

/// <summary>Named facts and numbers of a benchmark run, written as one flat JSON object (keys in insertion order).</summary>
public sealed class BenchReport
{
    private readonly List<(string Key, object Value)> _entries = [];

    /// <summary>Adds or replaces a number (seconds, bytes/s, tokens/s … as the key's unit suffix says).</summary>
    public void Add(string key, double value) => Set(key, value);

    /// <summary>Adds or replaces a text fact (GPU name, model, …).</summary>
    public void Add(string key, string value) => Set(key, value);

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public object? this[string key] => _entries.FirstOrDefault(e => e.Key == key).Value;

    /// <summary>Writes the report to <paramref name="path"/> (creating its folder) and returns the JSON text.</summary>
    public string Write(string? path)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in _entries)
            {
                if (value is double d)
                {
                    if (double.IsFinite(d))
                    {
                        writer.WriteNumber(key, Math.Round(d, 6));
                    }
                    else
                    {
                        writer.WriteNull(key);
                    }
                }
                else
                {
                    writer.WriteString(key, (string)value);
                }
            }

            writer.WriteEndObject();
        }

        var json = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        if (!string.IsNullOrEmpty(path))
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            File.WriteAllText(path, json);
        }

        return json;
    }

    private void Set(string key, object value)
    {
        var i = _entries.FindIndex(e => e.Key == key);
        if (i >= 0)
        {
            _entries[i] = (key, value);
        }
        else
        {
            _entries.Add((key, value));
        }
    }
}
