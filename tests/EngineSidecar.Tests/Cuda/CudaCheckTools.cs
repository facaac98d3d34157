using System.Diagnostics;

namespace Sluice.Engine.Tests.Cuda;

/// <summary>tools/cuda-check (the NVRTC built-ins header and the CPU kernel emulator) and a way to run clang and its output.</summary>
public static class CudaCheckTools
{
    /// <summary>tools/cuda-check above the test output directory; throws when it is not there.</summary>
    public static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "cuda-check");
            if (File.Exists(Path.Combine(candidate, "emulator.h")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tools/cuda-check not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs <paramref name="file"/> to its end: exit code and stdout followed by stderr.</summary>
    public static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
