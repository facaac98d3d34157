namespace Sluice.Contracts.Fetch;

/// <summary>The exit codes of <c>sluice-engine fetch</c>: 0, 2 for bad arguments, and one per <see cref="FetchErrorKind"/>.</summary>
public static class FetchExitCodes
{
    public const int Success = 0;

    /// <summary>Unparsable arguments (the command-line parser's own code).</summary>
    public const int Usage = 2;

    /// <summary>The exit code of <paramref name="kind"/> (its numeric value).</summary>
    public static int Of(FetchErrorKind kind) => (int)kind;

    /// <summary>The kind an exit code stands for; null for 0 and codes the fetcher never uses.</summary>
    public static FetchErrorKind? KindOf(int exitCode) =>
        exitCode != 0 && Enum.IsDefined(typeof(FetchErrorKind), exitCode) ? (FetchErrorKind)exitCode : null;
}
