namespace Sluice.Controllers.Tests.SloSimulation;

/// <summary>
/// A discrete-event simulation of engines sharing one GPU, in simulation seconds from 0: events (arrivals, users resuming, step
/// ends) run in time order, ties in the order they were scheduled, so a run is a function of its seeds. The GPU runs one step
/// at a time; while several engines have work their steps take turns (round robin) and each costs
/// <see cref="H200StepCost.SharedGpuSlowdown"/> times more. Not thread-safe; nothing here waits on the wall clock.
/// </summary>
internal sealed class Simulation
{
    /// <summary>KV capacity of one engine with --kv-cache-memory-mb 20000 on the H200 (the study's engines export 160000 tokens).</summary>
    public const double H200KvCapacityTokens = 160000;

    private readonly PriorityQueue<Action, (double AtSeconds, long Order)> _events = new();
    private long _order;
    private bool _gpuBusy;
    private int _nextEngine;

    /// <summary>Creates <paramref name="engines"/> engines of <paramref name="kvCapacityTokens"/> and a step budget of <paramref name="maxBatchedTokens"/> each on one GPU.</summary>
    public Simulation(int engines, double kvCapacityTokens = H200KvCapacityTokens, int maxBatchedTokens = SimulatedEngine.DefaultMaxBatchedTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(engines, 1);
        Engines = Enumerable.Range(0, engines).Select(_ => new SimulatedEngine(kvCapacityTokens, maxBatchedTokens)).ToList();
    }

    public IReadOnlyList<SimulatedEngine> Engines { get; }

    /// <summary>The simulation's clock: the time of the event running now, or how far <see cref="RunUntil"/> went.</summary>
    public double NowSeconds { get; private set; }

    /// <summary>Runs <paramref name="action"/> at <paramref name="atSeconds"/> (now when that has passed).</summary>
    public void At(double atSeconds, Action action) => _events.Enqueue(action, (Math.Max(atSeconds, NowSeconds), _order++));

    /// <summary>Runs every event due by <paramref name="untilSeconds"/> and leaves the clock there.</summary>
    public void RunUntil(double untilSeconds)
    {
        while (_events.TryPeek(out _, out var due) && due.AtSeconds <= untilSeconds)
        {
            var action = _events.Dequeue();
            NowSeconds = due.AtSeconds;
            action();
        }

        NowSeconds = Math.Max(NowSeconds, untilSeconds);
    }

    /// <summary>Runs events while <paramref name="pending"/> holds and any are left.</summary>
    public void RunWhile(Func<bool> pending)
    {
        while (pending() && _events.TryDequeue(out var action, out var due))
        {
            NowSeconds = due.AtSeconds;
            action();
        }
    }

    /// <summary>Offers a request to engine <paramref name="engine"/> now; false when its rate lever refused it.</summary>
    public bool Offer(int engine, SimulatedRequest request)
    {
        if (!Engines[engine].Offer(request, NowSeconds))
        {
            return false;
        }

        if (!_gpuBusy)
        {
            StartStep();
        }

        return true;
    }

    private void StartStep()
    {
        var turn = Enumerable.Range(0, Engines.Count).Select(i => (_nextEngine + i) % Engines.Count).FirstOrDefault(i => Engines[i].HasWork, -1);
        if (turn < 0)
        {
            _gpuBusy = false;
            return;
        }

        _nextEngine = (turn + 1) % Engines.Count;
        var engine = Engines[turn];
        var step = engine.Plan();
        var shared = Engines.Any(e => e != engine && e.HasWork);
        var seconds = H200StepCost.StepSeconds(step.DecodeSequences, step.PrefillTokens) * (shared ? H200StepCost.SharedGpuSlowdown : 1);
        _gpuBusy = true;
        At(NowSeconds + seconds, () =>
        {
            engine.Apply(step, NowSeconds);
            StartStep();
        });
    }
}
