using System.Collections.Concurrent;
using System.Text.Json;
using Sluice.Engine.Model.Tokenization;

namespace Sluice.Engine.Tests.Tokenization;

/// <summary>Locates tests/fixtures/tokenizers and caches the tokenizers loaded from it.</summary>
public static class TokenizerFixtures
{
    public static readonly string[] Names = ["llama3", "gpt2", "qwen2", "mistral", "phi3"];

    private static readonly ConcurrentDictionary<string, HfTokenizer> Loaded = new();
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Directory(string name) => Path.Combine(Root.Value, name);

    public static HfTokenizer Tokenizer(string name) => Loaded.GetOrAdd(name, n => HfTokenizer.Load(Directory(n)));

    public static JsonElement ReadJson(string name, string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory(name), file)));
        return document.RootElement.Clone();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "tokenizers");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tests/fixtures/tokenizers not found above {AppContext.BaseDirectory}");
    }
}
