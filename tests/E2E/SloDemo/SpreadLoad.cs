using System.Diagnostics;
using Sluice.Bench.Results;
using Sluice.Bench.Running;
using Sluice.Bench.Spec;
using Sluice.E2E.Infrastructure;

namespace Sluice.E2E.SloDemo;

/// <summary>
/// Open-loop load at a stepped rate, spread over the Ready engines behind a Service as kube-proxy would: one Poisson
/// arrival process (exponential gaps at the current phase's rate, seeded) whose requests go round-robin to the
/// engines Ready at that moment (re-resolved every second), each sent by its own single-request <see cref="LoadRunner"/>
/// run so that arrivals never wait for earlier streams.
/// </summary>
public sealed class SpreadLoad(NodeSimulator simulator, string serviceName, string model, DatasetSpec dataset)
{
    private static readonly TimeSpan ResolveInterval = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="phases"/> back to back; returns one result per request sent, once all have ended.</summary>
    public async Task<IReadOnlyList<RunResult>> RunAsync(IReadOnlyList<LoadPhase> phases, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var runs = new List<Task<RunResult>>();
        var clock = Stopwatch.StartNew();
        IReadOnlyList<Uri> engines = [];
        TimeSpan? resolvedAt = null;
        var sent = 0;
        var phaseStart = 0.0;
        foreach (var phase in phases)
        {
            var phaseEnd = phaseStart + phase.DurationSeconds;
            if (phase.RatePerSecond > 0)
            {
                for (var at = phaseStart + Gap(random, phase.RatePerSecond); at < phaseEnd; at += Gap(random, phase.RatePerSecond))
                {
                    await DelayUntilAsync(clock, at, cancellationToken);
                    if (resolvedAt is null || clock.Elapsed - resolvedAt.Value >= ResolveInterval)
                    {
                        engines = await simulator.ResolveAllAsync(serviceName);
                        resolvedAt = clock.Elapsed;
                    }

                    if (engines.Count == 0)
                    {
                        continue;
                    }

                    var spec = new BenchmarkSpec
                    {
                        BaseUrl = engines[sent % engines.Count],
                        Model = model,
                        NumRequests = 1,
                        Dataset = dataset,
                        RequestTimeoutSeconds = 60,
                        Seed = seed + sent,
                    };
                    sent++;
                    runs.Add(Task.Run(() => new LoadRunner().RunAsync(spec, cancellationToken), cancellationToken));
                }
            }

            await DelayUntilAsync(clock, phaseEnd, cancellationToken);
            phaseStart = phaseEnd;
        }

        return await Task.WhenAll(runs);
    }

    private static double Gap(Random random, double ratePerSecond) => -Math.Log(1 - random.NextDouble()) / ratePerSecond;

    private static async Task DelayUntilAsync(Stopwatch clock, double seconds, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(seconds) - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }
}
