using Sluice.Engine.Compute;

namespace Sluice.Engine.Engine;

/// <summary>
/// Continuous-batching scheduler. Each step it spends a token budget (<see cref="SchedulerLimits.MaxBatchedTokens"/>)
/// first on running sequences, oldest first (one token for a decode, a chunk of the rest for a partly
/// prefilled prompt), then admits waiting sequences in arrival order (FCFS, no skipping) while fewer than
/// <see cref="SchedulerLimits.MaxBatchSize"/> run. When KV blocks run out, the newest running sequence is
/// preempted: its blocks are freed and it is recomputed later. The oldest running sequence is never the
/// victim while another one runs, so the longest-waiting request always makes progress.
/// Not thread-safe: driven by the engine thread.
/// </summary>
public sealed class Scheduler(BlockManager blocks, SchedulerLimits limits)
{
    private readonly List<Sequence> _waiting = [];
    private readonly List<Sequence> _running = [];

    public BlockManager Blocks { get; } = blocks;

    /// <summary>Limits used from the next <see cref="Schedule"/> on.</summary>
    public SchedulerLimits Limits { get; set; } = limits;

    public int NumWaiting => _waiting.Count;

    public int NumRunning => _running.Count;

    /// <summary>Preemptions since start.</summary>
    public long NumPreemptions { get; private set; }

    public bool HasWork => _waiting.Count > 0 || _running.Count > 0;

    /// <summary>Queues a new sequence (it holds no blocks).</summary>
    public void Add(Sequence seq)
    {
        seq.Status = SequenceStatus.Waiting;
        InsertById(_waiting, seq);
    }

    /// <summary>Decides what to compute this step.</summary>
    public SchedulerOutput Schedule()
    {
        var output = new SchedulerOutput();
        var budget = Limits.MaxBatchedTokens;
        while (_running.Count > Limits.MaxBatchSize)
        {
            Preempt(_running[^1], output);
        }

        for (var i = 0; i < _running.Count && budget > 0; i++)
        {
            var seq = _running[i];
            var numNew = Math.Min(seq.NumTokens - seq.NumComputedTokens, budget);
            while (!Blocks.CanAppend(seq, numNew) && _running[^1] != seq)
            {
                Preempt(_running[^1], output);
            }

            if (!Blocks.CanAppend(seq, numNew))
            {
                Preempt(seq, output);
                break;
            }

            Blocks.AppendSlots(seq, numNew);
            AddChunk(output, seq, numNew);
            budget -= numNew;
        }

        if (output.Preempted.Count > 0)
        {
            return output;
        }

        while (_waiting.Count > 0 && _running.Count < Limits.MaxBatchSize && budget > 0)
        {
            var seq = _waiting[0];
            var cached = Blocks.FindCachedPrefix(seq);
            var numNew = Math.Min(seq.NumTokens - (cached.Count * Blocks.BlockSize), budget);
            if (!Blocks.CanAllocate(cached, numNew))
            {
                break;
            }

            _waiting.RemoveAt(0);
            Blocks.AllocateCachedPrefix(seq, cached);
            Blocks.AppendSlots(seq, numNew);
            seq.Status = SequenceStatus.Running;
            InsertById(_running, seq);
            AddChunk(output, seq, numNew);
            budget -= numNew;
        }

        return output;
    }

    /// <summary>Removes a finished or aborted sequence wherever it is and frees its blocks.</summary>
    public void Remove(Sequence seq, FinishReason reason)
    {
        _waiting.Remove(seq);
        _running.Remove(seq);
        Blocks.Free(seq);
        seq.Status = SequenceStatus.Finished;
        seq.FinishReason = reason;
    }

    private void Preempt(Sequence seq, SchedulerOutput output)
    {
        _running.Remove(seq);
        Blocks.Free(seq);
        seq.NumPreemptions++;
        NumPreemptions++;
        Add(seq);
        output.Preempted.Add(seq);
    }

    private static void AddChunk(SchedulerOutput output, Sequence seq, int numNew)
    {
        var start = seq.NumComputedTokens;
        var tokens = new int[numNew];
        for (var i = 0; i < numNew; i++)
        {
            tokens[i] = seq.TokenIds[start + i];
        }

        output.Chunks.Add(new ScheduledChunk(seq.Id, tokens, start, [.. seq.BlockTable], start + numNew == seq.NumTokens));
        output.Sequences.Add(seq);
        output.NumBatchedTokens += numNew;
    }

    private static void InsertById(List<Sequence> list, Sequence seq)
    {
        var at = list.Count;
        while (at > 0 && list[at - 1].Id > seq.Id)
        {
            at--;
        }

        list.Insert(at, seq);
    }
}
