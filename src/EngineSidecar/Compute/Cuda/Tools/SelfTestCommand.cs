using System.CommandLine;
using Sluice.Engine.Compute.Cuda.SelfTest;

namespace Sluice.Engine.Compute.Cuda.Tools;

/// <summary>
/// Hidden command <c>selftest-cuda</c>: every kernel against its CPU twin, the NCCL bindings with one rank, the kernel
/// disk cache, and the golden fixture models on the CUDA runner. For GPU machines without the .NET SDK (the published engine runs it).
/// Prints one line per check and a closing "N passed, M failed" line; exits 1 when any check fails.
/// </summary>
public static class SelfTestCommand
{
    public static Command Create()
    {
        var fixtures = new Option<string>("--fixtures") { Description = "folder holding the golden fixture models", DefaultValueFactory = _ => "tests/fixtures/models" };
        var filter = new Option<string?>("--filter") { Description = "run only checks whose name contains this text" };
        var command = new Command("selftest-cuda", "check the CUDA kernels and runner against the CPU reference") { fixtures, filter };
        command.Hidden = true;
        command.SetAction(parse => Run(parse.GetValue(fixtures)!, parse.GetValue(filter)));
        return command;
    }

    private static int Run(string fixtures, string? filter)
    {
        if (!Runtime.CudaDevice.IsAvailable(out var reason))
        {
            Console.Error.WriteLine($"selftest-cuda: no usable GPU: {reason}");
            return 2;
        }

        var cache = Path.Combine(Path.GetTempPath(), $"sluice-kernels-{Environment.ProcessId}");
        var options = new CudaRunnerOptions { KernelCacheDirectory = cache };
        var results = new List<CheckResult>();
        void Report(CheckResult r)
        {
            results.Add(r);
            Console.WriteLine(r);
        }

        using (var gpu = new CudaBackend(options))
        {
            Console.WriteLine($"device: {gpu.Device.Name} ({gpu.Device.Architecture}, {gpu.Device.MultiprocessorCount} SMs), driver {gpu.Device.DriverVersion}, " +
                $"nvrtc {Native.Nvrtc.Version()}, kernels {(gpu.KernelsFromCache ? "cached" : "compiled")} in {gpu.KernelLoadSeconds:0.00} s");
            var seed = 1;
            foreach (var (name, check) in KernelChecks.All)
            {
                if (filter is not null && !name.Contains(filter, StringComparison.Ordinal))
                {
                    continue;
                }

                using var harness = new TwinHarness(gpu, seed++);
                Report(Guard(name, () => check(harness)));
            }
        }

        if (filter is null || NcclChecks.Name.Contains(filter, StringComparison.Ordinal))
        {
            using var device = new Runtime.CudaDevice();
            Report(Guard(NcclChecks.Name, () => NcclChecks.OneRank(device)));
        }

        using (var again = new CudaBackend(options))
        {
            Report(new CheckResult("kernel cache: second start loads the cubin from disk", again.KernelsFromCache ? 0 : 1, 0,
                $"{again.KernelLoadSeconds:0.000} s"));
        }

        if (filter is null || LoadChecks.DummyModelName.Contains(filter, StringComparison.Ordinal))
        {
            Report(Guard(LoadChecks.DummyModelName, () => LoadChecks.DummyModel(options)));
        }

        if (Directory.Exists(fixtures))
        {
            foreach (var dir in Directory.GetDirectories(fixtures).Order(StringComparer.Ordinal))
            {
                if (File.Exists(Path.Combine(dir, "golden.json")) && (filter is null || dir.Contains(filter, StringComparison.Ordinal)))
                {
                    try
                    {
                        GoldenChecks.Run(dir, options).ToList().ForEach(Report);
                        Report(GraphChecks.Run(dir, options));
                    }
                    catch (Exception e) when (e is Native.CudaException or ArgumentException or InvalidOperationException or IOException)
                    {
                        Report(new CheckResult($"golden {Path.GetFileName(dir)}", double.PositiveInfinity, 0, e.Message));
                    }
                }
            }
        }
        else
        {
            Console.WriteLine($"no fixtures at {fixtures}: golden checks skipped");
        }

        var failed = results.Count(r => !r.Passed);
        Console.WriteLine($"{results.Count - failed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    private static CheckResult Guard(string name, Func<CheckResult> check)
    {
        try
        {
            return check();
        }
        catch (Exception e) when (e is Native.CudaException or ArgumentException or InvalidOperationException)
        {
            return new CheckResult(name, double.PositiveInfinity, 0, e.GetType().Name + ": " + e.Message);
        }
    }
}
