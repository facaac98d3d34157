using System.Text.Json;

namespace Sluice.Bench.Datasets;

/// <summary>
/// Reads prompts from a JSON array or a JSONL file. Each record is one of: ShareGPT
/// (<c>conversations</c>: the first human/user turn is the prompt, the next gpt/assistant turn the
/// reference), dolly (<c>instruction</c>, optional <c>context</c>, <c>response</c>), or
/// <c>prompt</c> with an optional <c>completion</c>/<c>response</c>/<c>output</c>. Records with no
/// prompt are skipped.
/// </summary>
public static class PromptFileReader
{
    private static readonly string[] UserSpeakers = ["human", "user"];
    private static readonly string[] ReplySpeakers = ["gpt", "assistant", "chatgpt", "bard", "model"];
    private static readonly string[] ReferenceFields = ["response", "completion", "output"];

    /// <summary>
    /// Returns the usable records in file order. Throws <see cref="FileNotFoundException"/> for a missing
    /// file and <see cref="InvalidDataException"/> (naming the file and line) for bad JSON or a file with
    /// no usable record.
    /// </summary>
    public static IReadOnlyList<FileEntry> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"prompt file '{path}' does not exist", path);
        }

        var text = File.ReadAllText(path);
        var entries = text.TrimStart().StartsWith('[') ? ReadArray(path, text) : ReadLines(path, text);
        if (entries.Count == 0)
        {
            throw new InvalidDataException(
                $"{path}: no usable prompts (expected ShareGPT 'conversations', dolly 'instruction' or 'prompt' records)");
        }

        return entries;
    }

    /// <summary>The prompt and reference of one record, or null when it holds no prompt.</summary>
    public static FileEntry? FromRecord(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (record.TryGetProperty("conversations", out var turns) && turns.ValueKind == JsonValueKind.Array)
        {
            return FromConversation(turns);
        }

        if (StringField(record, "instruction") is { Length: > 0 } instruction)
        {
            var context = StringField(record, "context");
            var prompt = string.IsNullOrWhiteSpace(context) ? instruction : instruction + "\n\n" + context;
            return new FileEntry(prompt, FirstStringField(record));
        }

        return StringField(record, "prompt") is { Length: > 0 } plain ? new FileEntry(plain, FirstStringField(record)) : null;
    }

    private static List<FileEntry> ReadArray(string path, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{path}: expected a JSON array of records");
            }

            return [.. document.RootElement.EnumerateArray().Select(FromRecord).OfType<FileEntry>()];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: line {(e.LineNumber ?? 0) + 1}: not valid JSON: {e.Message}", e);
        }
    }

    private static List<FileEntry> ReadLines(string path, string text)
    {
        var entries = new List<FileEntry>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                if (FromRecord(document.RootElement) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: line {i + 1}: not valid JSON: {e.Message}", e);
            }
        }

        return entries;
    }

    private static FileEntry? FromConversation(JsonElement turns)
    {
        string? prompt = null;
        foreach (var turn in turns.EnumerateArray())
        {
            if (turn.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var speaker = StringField(turn, "from") ?? StringField(turn, "role");
            var value = StringField(turn, "value") ?? StringField(turn, "content");
            if (speaker is null || value is null)
            {
                continue;
            }

            if (prompt is null)
            {
                if (UserSpeakers.Contains(speaker, StringComparer.OrdinalIgnoreCase) && value.Length > 0)
                {
                    prompt = value;
                }
            }
            else if (ReplySpeakers.Contains(speaker, StringComparer.OrdinalIgnoreCase))
            {
                return new FileEntry(prompt, value);
            }
        }

        return prompt is null ? null : new FileEntry(prompt, null);
    }

    private static string? FirstStringField(JsonElement record) =>
        ReferenceFields.Select(name => StringField(record, name)).FirstOrDefault(value => !string.IsNullOrEmpty(value));

    private static string? StringField(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
