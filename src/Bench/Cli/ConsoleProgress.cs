using System.Globalization;
using Sluice.Bench.Running;
using Spectre.Console;

namespace Sluice.Bench.Cli;

/// <summary>
/// Shows a run's progress while it runs: a live Spectre.Console bar on an interactive terminal,
/// otherwise one plain line every <see cref="PlainIntervalSeconds"/> seconds and one at the end.
/// </summary>
public static class ConsoleProgress
{
    /// <summary>Seconds between plain progress lines.</summary>
    public const double PlainIntervalSeconds = 5;

    /// <summary>True when stdout is an interactive terminal.</summary>
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Awaits <paramref name="work"/> while showing the progress <paramref name="sink"/> receives.</summary>
    public static async Task<T> ShowAsync<T>(string label, ProgressSink sink, Task<T> work)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(work);
        if (IsInteractive)
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape(label), maxValue: 1);
                    while (!work.IsCompleted)
                    {
                        Update(task, label, sink.Latest);
                        await Task.WhenAny(work, Task.Delay(200));
                    }

                    Update(task, label, sink.Latest);
                    task.Value = task.MaxValue;
                });
        }
        else
        {
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(PlainIntervalSeconds)));
                if (sink.Latest is { } progress)
                {
                    Console.WriteLine($"{label}: {Describe(progress)}");
                }
            }
        }

        return await work;
    }

    /// <summary>One line: elapsed time, finished/target, failures and requests in flight.</summary>
    public static string Describe(RunProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var target = progress.TargetRequests?.ToString(CultureInfo.InvariantCulture) ?? "?";
        return $"{progress.ElapsedSeconds:0.0}s finished {progress.Finished}/{target} failed {progress.Failed} in flight {progress.Sent - progress.Finished}";
    }

    private static void Update(ProgressTask task, string label, RunProgress? progress)
    {
        if (progress is null)
        {
            return;
        }

        var byCount = progress.TargetRequests is { } target ? (double)progress.Finished / target : 0;
        var byTime = progress.DurationSeconds is { } duration ? Math.Min(1, progress.ElapsedSeconds / duration) : 0;
        task.Value = Math.Max(byCount, byTime);
        task.Description = Markup.Escape($"{label} {Describe(progress)}");
    }
}
