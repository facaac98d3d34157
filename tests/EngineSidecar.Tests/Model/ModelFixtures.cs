using System.Text.Json;

namespace Sluice.Engine.Tests.Model;

/// <summary>Locates tests/fixtures/models/&lt;arch&gt; and reads its golden.json.</summary>
public static class ModelFixtures
{
    /// <summary>The four fixture architectures.</summary>
    public static readonly string[] Architectures = ["llama", "qwen2", "mistral", "phi3"];

    public static TheoryData<string> All => [.. Architectures];

    /// <summary>Absolute path of the fixture directory of <paramref name="arch"/>.</summary>
    public static string Directory(string arch)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "models", arch);
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tests/fixtures/models/{arch} not found above {AppContext.BaseDirectory}");
    }

    public static GoldenModel Golden(string arch) =>
        JsonSerializer.Deserialize<GoldenModel>(File.ReadAllText(Path.Combine(Directory(arch), "golden.json")))
        ?? throw new InvalidDataException($"{arch}/golden.json is empty");

    /// <summary>max |actual − expected| / max |expected|.</summary>
    public static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        if (actual.Length != expected.Length)
        {
            throw new ArgumentException($"lengths differ: {actual.Length} vs {expected.Length}");
        }

        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs((double)expected[i]));
        }

        return maxDiff / Math.Max(maxRef, 1e-30);
    }

    /// <summary>Copies the fixture of <paramref name="arch"/> into a fresh temporary directory the caller may change.</summary>
    public static string CopyToTemp(string arch)
    {
        var target = Path.Combine(Path.GetTempPath(), $"sluice-model-{arch}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.GetFiles(Directory(arch)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }
}
