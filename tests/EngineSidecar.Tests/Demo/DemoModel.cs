namespace Sluice.Engine.Tests.Demo;

/// <summary>Where the repository's demo model (models/demo) is.</summary>
public static class DemoModel
{
    /// <summary>models/demo above the test output directory; throws when it is not there.</summary>
    public static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "demo");
            if (File.Exists(Path.Combine(candidate, "reference.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"models/demo not found above {AppContext.BaseDirectory}");
    }
}
