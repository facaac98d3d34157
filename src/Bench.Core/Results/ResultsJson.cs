using System.Text.Json;

namespace Sluice.Bench.Results;

/// <summary>Reads and writes <see cref="ResultsFile"/> JSON.</summary>
public static class ResultsJson
{
    /// <summary>The JSON text of <paramref name="file"/>.</summary>
    public static string Serialize(ResultsFile file) => JsonSerializer.Serialize(file, ResultsJsonContext.Default.ResultsFile);

    /// <summary>
    /// Parses a results document. Throws <see cref="InvalidDataException"/> for invalid JSON, missing
    /// required fields or a schema version other than <see cref="ResultsFile.CurrentSchemaVersion"/>.
    /// </summary>
    public static ResultsFile Deserialize(string json, string source = "results")
    {
        ArgumentNullException.ThrowIfNull(json);
        ResultsFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, ResultsJsonContext.Default.ResultsFile);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a sluice-bench results file: {e.Message}", e);
        }

        if (file is null)
        {
            throw new InvalidDataException($"{source}: empty results document");
        }

        if (file.SchemaVersion != ResultsFile.CurrentSchemaVersion)
        {
            throw new InvalidDataException(
                $"{source}: schema '{file.SchemaVersion}' is not supported (this build reads '{ResultsFile.CurrentSchemaVersion}')");
        }

        return file;
    }

    /// <summary>Writes <paramref name="file"/> to <paramref name="path"/>, creating its directory.</summary>
    public static void Write(ResultsFile file, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, Serialize(file) + "\n");
    }

    /// <summary>Reads a results file; throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> with the path in the message.</summary>
    public static ResultsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"results file '{path}' does not exist", path);
        }

        return Deserialize(File.ReadAllText(path), path);
    }
}
