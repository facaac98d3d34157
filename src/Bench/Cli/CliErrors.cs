namespace Sluice.Bench.Cli;

/// <summary>Runs a command body and turns expected failures (bad input, missing files) into one error line and exit code 2.</summary>
public static class CliErrors
{
    /// <summary>Exit code for bad input.</summary>
    public const int UsageExitCode = 2;

    /// <summary>Exit code when the user cancelled (Ctrl+C).</summary>
    public const int CancelledExitCode = 130;

    /// <summary>Awaits <paramref name="body"/>; reports <see cref="ArgumentException"/>, <see cref="IOException"/> and <see cref="InvalidDataException"/> as <c>error: …</c> on stderr.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body();
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return CancelledExitCode;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return UsageExitCode;
        }
    }
}
