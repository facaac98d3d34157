namespace Sluice.Engine.Tests.Cuda;

/// <summary>A fact that runs where clang is on the PATH (.ci/run installs it); elsewhere it is skipped with the reason.</summary>
public sealed class ClangFactAttribute : FactAttribute
{
    public ClangFactAttribute()
    {
        if (Clang is null)
        {
            Skip = SkipReason;
        }
    }

    /// <summary>Why a clang test is skipped.</summary>
    public const string SkipReason = "needs clang on the PATH to check the CUDA kernel sources (apt-get install clang; .ci/run installs it)";

    /// <summary>The clang executable found on the PATH, or null.</summary>
    public static string? Clang { get; } = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "clang"))
        .FirstOrDefault(File.Exists);
}
