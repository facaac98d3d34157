using System.Text.Json;

namespace Sluice.Engine.Model.Weights;

/// <summary>
/// The weights of a Hugging Face model directory: <c>model.safetensors</c>, or the shards named by
/// <c>model.safetensors.index.json</c>'s weight_map. Every file is memory-mapped.
/// </summary>
public sealed class SafetensorsWeightSource : IWeightSource
{
    private const string IndexFileName = "model.safetensors.index.json";
    private const string SingleFileName = "model.safetensors";
    private readonly List<SafetensorsFile> _files;
    private readonly Dictionary<string, SafetensorsFile> _byTensor;

    private SafetensorsWeightSource(string directory, List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> byTensor)
    {
        Description = directory;
        _files = files;
        _byTensor = byTensor;
    }

    public string Description { get; }

    /// <summary>Opens the weights of <paramref name="directory"/>; throws <see cref="ModelLoadException"/> naming the missing or bad file.</summary>
    public static SafetensorsWeightSource Open(string directory)
    {
        var indexPath = Path.Combine(directory, IndexFileName);
        var singlePath = Path.Combine(directory, SingleFileName);
        var files = new List<SafetensorsFile>();
        var byTensor = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(indexPath))
            {
                foreach (var (fileName, tensors) in ReadIndex(indexPath))
                {
                    var file = SafetensorsFile.Open(Path.Combine(directory, fileName));
                    files.Add(file);
                    foreach (var tensor in tensors)
                    {
                        if (!file.Contains(tensor))
                        {
                            throw new ModelLoadException($"{file.Path}: tensor '{tensor}' is listed in {IndexFileName} but not in the file");
                        }

                        byTensor[tensor] = file;
                    }
                }
            }
            else if (File.Exists(singlePath))
            {
                var file = SafetensorsFile.Open(singlePath);
                files.Add(file);
                foreach (var tensor in file.TensorNames)
                {
                    byTensor[tensor] = file;
                }
            }
            else
            {
                throw new ModelLoadException($"{directory}: neither {SingleFileName} nor {IndexFileName} exists");
            }
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }

        return new SafetensorsWeightSource(directory, files, byTensor);
    }

    public TensorView Get(string name, IReadOnlyList<long> expectedShape)
    {
        if (!_byTensor.TryGetValue(name, out var file))
        {
            var where = string.Join(", ", _files.Select(f => Path.GetFileName(f.Path)));
            throw new ModelLoadException($"{Description}: tensor '{name}' is missing (looked in {where})");
        }

        return file.Get(name, expectedShape);
    }

    public bool Contains(string name) => _byTensor.ContainsKey(name);

    public RawTensor GetRaw(string name)
    {
        if (!_byTensor.TryGetValue(name, out var file))
        {
            throw new ModelLoadException($"{Description}: tensor '{name}' is missing");
        }

        return file.GetRaw(name);
    }

    /// <summary>Drops the mapped pages of <paramref name="name"/> from resident memory (<see cref="SafetensorsFile.Release"/>).</summary>
    public void Release(string name)
    {
        if (_byTensor.TryGetValue(name, out var file))
        {
            file.Release(name);
        }
    }

    public void Dispose() => _files.ForEach(f => f.Dispose());

    private static IEnumerable<(string File, List<string> Tensors)> ReadIndex(string indexPath)
    {
        Dictionary<string, List<string>> byFile;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(indexPath));
            byFile = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var entry in doc.RootElement.GetProperty("weight_map").EnumerateObject())
            {
                var fileName = entry.Value.GetString() ?? string.Empty;
                if (fileName.Length == 0 || fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal))
                {
                    throw new ModelLoadException($"{indexPath}: tensor '{entry.Name}' maps to invalid file name '{fileName}'");
                }

                if (!byFile.TryGetValue(fileName, out var list))
                {
                    byFile[fileName] = list = [];
                }

                list.Add(entry.Name);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ModelLoadException($"{indexPath}: malformed index: {e.Message}", e);
        }

        return byFile.Select(kv => (kv.Key, kv.Value));
    }
}
