using Sluice.Engine.Compute;
using Sluice.Engine.Model;

namespace Sluice.Engine.Tests.Fakes;

/// <summary>
/// A two-phase device-sampling runner over <see cref="FakeModelRunner"/>. <see cref="Launch"/> copies the chunks and the
/// sampling inputs and records the call; the forward pass and the sampling run at <see cref="Collect"/>, so the launched
/// step reads the cache as the engine left it in between (a block handed to another sequence shows as a violation).
/// Greedy rows take the argmax; other rows draw from softmax(logits / temperature) with a generator seeded by the row's
/// seed. Enforces the <see cref="IDeviceSampling"/> contract: a call out of order throws and is recorded in <see cref="Violations"/>.
/// </summary>
public sealed class TwoPhaseFakeRunner(FakeModelRunner inner) : IModelRunner, IDeviceSampling
{
    private (IReadOnlyList<ScheduledChunk> Chunks, float[] Temperatures, ulong[] Seeds, TokenMasks? Masks)? _pending;

    public FakeModelRunner Inner => inner;

    public ModelInfo Info => inner.Info;

    public bool HasPendingStep => _pending is not null;

    /// <summary>Runner calls in order: "launch", "collect", "forward".</summary>
    public List<string> Calls { get; } = [];

    /// <summary>Chunks of every launched step, in order.</summary>
    public List<IReadOnlyList<ScheduledChunk>> Launched { get; } = [];

    /// <summary>Temperatures of every launched row, in order.</summary>
    public List<float> Temperatures { get; } = [];

    /// <summary>Called at each launch; its results are kept in <see cref="ProbesAtLaunch"/> (e.g. outputs written so far).</summary>
    public Func<int>? LaunchProbe { get; set; }

    public List<int> ProbesAtLaunch { get; } = [];

    /// <summary>Contract breaches seen (a call while a step was pending, a collect with none).</summary>
    public List<string> Violations { get; } = [];

    /// <summary>1-based number of the launch that throws (as a failing device would); 0 for none.</summary>
    public int FailLaunchNumber { get; set; }

    /// <summary>1-based number of the collect that throws; 0 for none.</summary>
    public int FailCollectNumber { get; set; }

    public int NumLaunches => Calls.Count(c => c == "launch");

    public int NumForwards => Calls.Count(c => c == "forward");

    public long KvBytesPerBlock(int blockSize) => inner.KvBytesPerBlock(blockSize);

    public void AllocateKvCache(int numBlocks, int blockSize)
    {
        RequireIdle(nameof(AllocateKvCache));
        inner.AllocateKvCache(numBlocks, blockSize);
    }

    public float[] Forward(IReadOnlyList<ScheduledChunk> chunks)
    {
        RequireIdle(nameof(Forward));
        Calls.Add("forward");
        return inner.Forward(chunks);
    }

    /// <summary>The masks of every launch (null entries for unconstrained launches), in order.</summary>
    public List<TokenMasks?> Masks { get; } = [];

    /// <summary>For every launch, how many times it called its masks function (the contract: once when given, after the forward pass is queued).</summary>
    public List<int> MaskCallsPerLaunch { get; } = [];

    public void Launch(IReadOnlyList<ScheduledChunk> chunks, ReadOnlySpan<float> temperatures, ReadOnlySpan<ulong> seeds, Func<TokenMasks?>? masks = null)
    {
        RequireIdle(nameof(Launch));
        var rows = chunks.Count(c => c.ComputeLogits);
        if (temperatures.Length != rows || seeds.Length != rows)
        {
            throw new ArgumentException($"{rows} rows, {temperatures.Length} temperatures, {seeds.Length} seeds");
        }

        Calls.Add("launch");
        ProbesAtLaunch.Add(LaunchProbe?.Invoke() ?? 0);
        if (NumLaunches == FailLaunchNumber)
        {
            throw new InvalidOperationException("injected launch failure");
        }

        var copy = chunks.Select(c => c with { TokenIds = [.. c.TokenIds], BlockTable = [.. c.BlockTable] }).ToList();
        Launched.Add(copy);
        Temperatures.AddRange(temperatures.ToArray());
        var stepMasks = masks?.Invoke(); // where the CUDA runner has just queued the forward pass
        MaskCallsPerLaunch.Add(masks is null ? 0 : 1);
        Masks.Add(stepMasks);
        _pending = (copy, temperatures.ToArray(), seeds.ToArray(), stepMasks);
    }

    public int[] Collect()
    {
        if (_pending is not { } pending)
        {
            Violations.Add("collect with no launched step");
            throw new InvalidOperationException("collect with no launched step");
        }

        _pending = null;
        Calls.Add("collect");
        if (Calls.Count(c => c == "collect") == FailCollectNumber)
        {
            throw new InvalidOperationException("injected collect failure");
        }

        var logits = inner.Forward(pending.Chunks);
        var vocab = inner.Info.VocabSize;
        for (var r = 0; pending.Masks is { } masks && r < pending.Temperatures.Length; r++)
        {
            for (var id = 0; id < vocab; id++)
            {
                if (!masks.Allows(r, id))
                {
                    logits[(r * vocab) + id] = float.NegativeInfinity; // the kernel's rule: masked ids are not candidates
                }
            }
        }

        return [.. Enumerable.Range(0, pending.Temperatures.Length).Select(r => Pick(logits.AsSpan(r * vocab, vocab), pending.Temperatures[r], pending.Seeds[r]))];
    }

    public void Dispose() => inner.Dispose();

    private static int Pick(ReadOnlySpan<float> logits, float temperature, ulong seed)
    {
        var best = 0;
        for (var v = 1; v < logits.Length; v++)
        {
            best = logits[v] > logits[best] ? v : best;
        }

        if (temperature == 0f)
        {
            return best;
        }

        var weights = new double[logits.Length];
        var total = 0.0;
        for (var v = 0; v < logits.Length; v++)
        {
            weights[v] = Math.Exp((logits[v] - logits[best]) / temperature);
            total += weights[v];
        }

        var draw = new Random(unchecked((int)seed ^ (int)(seed >> 32))).NextDouble() * total;
        for (var v = 0; v < weights.Length; v++)
        {
            draw -= weights[v];
            if (draw < 0)
            {
                return v;
            }
        }

        return weights.Length - 1;
    }

    private void RequireIdle(string call)
    {
        if (_pending is not null)
        {
            Violations.Add($"{call} while a launched step was not collected");
            throw new InvalidOperationException($"{call} while a launched step was not collected");
        }
    }
}
