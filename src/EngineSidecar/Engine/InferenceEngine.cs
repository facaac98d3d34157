using Sluice.Contracts.Metrics;
using Sluice.Engine.Compute;
using Sluice.Engine.Grammar;
using Sluice.Engine.Model;

namespace Sluice.Engine.Engine;

/// <summary>
/// The engine core: <see cref="Step"/> = Schedule → Run → Postprocess. The <see cref="SchedulerOutput"/>
/// is the one message to the model runner. Not thread-safe: <see cref="EngineLoop"/> drives it from one thread.
/// </summary>
/// <remarks>
/// With a runner that samples on the device (<see cref="IDeviceSampling"/>) and overlap on, steps are pipelined: a step
/// whose rows all sample plainly is launched and left running, and the next <see cref="Step"/> collects it, applies its
/// tokens (the cheap bookkeeping the scheduler needs), schedules and launches the following step, and only then does the
/// text work of the collected step (detokenize, stop strings, outputs) while the device computes. A sequence that a
/// stop string ends then may already be in the launched step: its row is discarded when that step is collected, and its
/// blocks are not reused before (nothing is scheduled until the collect). Steps with a row that needs the host sampler
/// run synchronously after the pending step was collected. Outputs are the same as without overlap.
/// </remarks>
public sealed class InferenceEngine
{
    private const long MaskCacheBytes = 64L << 20;

    private readonly IModelRunner _runner;
    private readonly IDeviceSampling? _deviceSampler;
    private readonly ITokenizer _tokenizer;
    private readonly LiveConfig _config;
    private readonly EngineMetrics _metrics;
    private readonly Sampler _sampler;
    private readonly StepOutputProcessor _outputs;
    private readonly bool _overlapSteps;
    private readonly Dictionary<string, EngineRequest> _requests = [];
    private SchedulerOutput? _launched;
    private VocabTrie? _vocabTrie;
    private TokenMaskCache? _maskCache;
    private long _nextSequenceId;

    /// <param name="maxModelTokens">Longest sequence (prompt + output); generation stops with "length" there.</param>
    /// <param name="maxLogprobs">Cap on top alternatives reported per token.</param>
    /// <param name="overlapSteps">Pipeline device-sampled steps (see remarks); false runs every step to completion inside <see cref="Step"/>.</param>
    public InferenceEngine(IModelRunner runner, ITokenizer tokenizer, BlockManager blocks, LiveConfig config, EngineMetrics metrics, int maxModelTokens, int maxLogprobs, bool overlapSteps = true)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(config);
        _runner = runner;
        _deviceSampler = runner as IDeviceSampling;
        _tokenizer = tokenizer;
        _config = config;
        _metrics = metrics;
        _overlapSteps = overlapSteps;
        MaxModelTokens = maxModelTokens;
        _sampler = new Sampler(runner.Info.VocabSize, Math.Min(runner.Info.VocabSize, tokenizer.VocabSize));
        var current = config.Current;
        Scheduler = new Scheduler(blocks, new SchedulerLimits(current.MaxBatchSize, current.MaxBatchedTokens));
        _outputs = new StepOutputProcessor(Scheduler, _sampler, metrics, new HashSet<int>(tokenizer.EosTokenIds), maxModelTokens, maxLogprobs, _requests, config);
    }

    public Scheduler Scheduler { get; }

    // Built on the first constrained request: the sampleable vocabulary's bytes as a trie.
    private VocabTrie VocabTrie() => _vocabTrie ??= new VocabTrie(_tokenizer, _sampler.NumSampleableTokens);

    // Built with the trie: token masks by grammar state, shared by every constrained sequence (64 MiB of masks at most).
    private TokenMaskCache MaskCache() => _maskCache ??= TokenMaskCache.ForBytes(MaskCacheBytes, TokenConstraint.MaskWords(_sampler.VocabSize));

    public BlockManager Blocks => Scheduler.Blocks;

    public int MaxModelTokens { get; }

    /// <summary>Sequences computed in the latest step.</summary>
    public int LastBatchSize { get; private set; }

    /// <summary>True while sequences wait or run, or a launched step is not collected yet.</summary>
    public bool HasWork => Scheduler.HasWork || _launched is not null;

    /// <summary>Requests accepted and not yet finished.</summary>
    public int NumActiveRequests => _requests.Count;

    /// <summary>Queues <paramref name="request"/>'s sequences.</summary>
    public void AddRequest(EngineRequest request)
    {
        if (!_requests.TryAdd(request.RequestId, request))
        {
            throw new InvalidOperationException($"request {request.RequestId} is already in the engine");
        }

        var p = request.SamplingParams;
        var seed = p.Seed ?? Random.Shared.NextInt64();
        for (var index = 0; index < request.NumChoices; index++)
        {
            var seq = new Sequence(
                _nextSequenceId++,
                request,
                index,
                new Random(unchecked((int)(seed ^ (seed >> 32)) + index)),
                new StopStringChecker(p.StopStrings),
                new IncrementalDetokenizer(_tokenizer, request.PromptTokenIds.Length))
            {
                Constraint = p.Grammar is { } grammar ? new TokenConstraint(grammar, VocabTrie(), _tokenizer.EosTokenIds, _sampler.VocabSize, MaskCache()) : null,
            };
            request.Sequences.Add(seq);
            Scheduler.Add(seq);
        }

        _metrics.PromptTokens.Inc(request.PromptTokenIds.Length);
    }

    /// <summary>
    /// Stops <paramref name="request"/> (client gone); frees its blocks now (a launched step that still computes one of
    /// its rows is collected before anything is scheduled again, and that row is discarded). No-op when already done.
    /// </summary>
    public void Abort(EngineRequest request) => End(request, FinishReason.Abort);

    /// <summary>
    /// Ends <paramref name="request"/> because its deadline passed: like <see cref="Abort"/> (blocks freed now), but the
    /// final message ends every unfinished choice with <see cref="FinishReason.Timeout"/>, so the caller can answer with the
    /// text so far. Counted as aborted. No-op when already done.
    /// </summary>
    public void Expire(EngineRequest request) => End(request, FinishReason.Timeout);

    /// <summary>
    /// Ends <paramref name="request"/> when none of its sequences was ever scheduled (it is still waiting for its first
    /// step): its sequences leave the queue, and the final message has <see cref="RequestOutput.QueueTimedOut"/> set and no
    /// deltas. Counted as rejected_rate (refused for load, like a full queue). No-op once scheduled or done.
    /// </summary>
    public void ExpireQueued(EngineRequest request)
    {
        if (request.IsDone || request.FirstScheduledTimestamp is not null || request.Sequences.Exists(s => s.Status != SequenceStatus.Waiting))
        {
            return;
        }

        foreach (var seq in request.Sequences.Where(s => !s.IsFinished))
        {
            Scheduler.Remove(seq, FinishReason.Abort);
        }

        _outputs.Complete(request, [], RequestOutcomes.RejectedRate, error: null, queueTimedOut: true);
    }

    private void End(EngineRequest request, FinishReason reason)
    {
        if (request.IsDone)
        {
            return;
        }

        var deltas = new List<SequenceDelta>();
        foreach (var seq in request.Sequences.Where(s => !s.IsFinished))
        {
            Scheduler.Remove(seq, reason);
            deltas.Add(new SequenceDelta(seq.Index, string.Empty, [], null, reason));
        }

        _outputs.Complete(request, deltas, RequestOutcomes.Aborted, error: null);
    }

    /// <summary>Fails every unfinished request with <paramref name="message"/> (runner failure or shutdown); waits for and drops a launched step.</summary>
    public void FailAll(string message)
    {
        DiscardLaunched();
        foreach (var request in _requests.Values.ToList())
        {
            Fail(request, message);
        }
    }

    /// <summary>
    /// One iteration: collect and apply the launched step if any, schedule, run or launch the new step, emit text.
    /// Returns false when there was nothing to compute or collect.
    /// </summary>
    public bool Step()
    {
        var hadLaunched = _launched is not null;
        var collected = CollectLaunched();
        var config = _config.Current;
        Scheduler.Limits = new SchedulerLimits(config.MaxBatchSize, config.MaxBatchedTokens);
        var output = Scheduler.Schedule();
        if (output.Preempted.Count > 0)
        {
            _metrics.Preemptions.Inc(output.Preempted.Count);
        }

        LastBatchSize = output.Chunks.Count;
        var device = output.IsEmpty ? null : DeviceSamplingFor(output);
        if (_overlapSteps && device is { } launch)
        {
            Exception? failure = null;
            try
            {
                launch.Sampler.Launch(output.Chunks, launch.Temperatures, launch.Seeds, launch.Masks);
                _launched = output;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failure = ex;
            }

            // The text work of the collected step runs while the device computes the launched one.
            EmitText(collected);
            if (failure is not null)
            {
                FailStep(output, failure);
            }

            return true;
        }

        EmitText(collected);
        if (output.IsEmpty)
        {
            return hadLaunched;
        }

        float[]? logits = null;
        int[]? tokens = null;
        try
        {
            if (device is { } now)
            {
                tokens = now.Sampler.ForwardSample(output.Chunks, now.Temperatures, now.Seeds, now.Masks);
            }
            else
            {
                logits = _runner.Forward(output.Chunks);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            FailStep(output, ex);
            return true;
        }

        _outputs.EmitText(_outputs.Apply(output, tokens, logits));
        return true;
    }

    // Waits for the launched step and applies its tokens; null when none was launched or the runner failed (its requests then failed).
    private AppliedStep? CollectLaunched()
    {
        if (_launched is not { } output)
        {
            return null;
        }

        _launched = null;
        int[] tokens;
        try
        {
            tokens = _deviceSampler!.Collect();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            FailStep(output, ex);
            return null;
        }

        return _outputs.Apply(output, tokens, logits: null);
    }

    private void EmitText(AppliedStep? step)
    {
        if (step is not null)
        {
            _outputs.EmitText(step);
        }
    }

    // Ends the launched step without using it: every request is being failed, the device must just be idle again.
    private void DiscardLaunched()
    {
        if (_launched is null)
        {
            return;
        }

        _launched = null;
        try
        {
            _deviceSampler!.Collect();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The step's requests are failed by the caller with its own reason; this error adds nothing to it.
        }
    }

    private void FailStep(SchedulerOutput output, Exception ex)
    {
        foreach (var request in output.Sequences.Select(s => s.Request).Distinct().ToList())
        {
            Fail(request, "the model runner failed: " + ex.Message);
        }
    }

    /// <summary>
    /// The device sampler and its per-row inputs when the runner has one and every row of the step samples
    /// plainly over the whole vocabulary, or under its grammar's token mask; null otherwise (the host <see cref="Sampler"/>
    /// then picks from logits). Seeds come from each sequence's generator, so seeded requests stay reproducible. Masks are
    /// null when no row is constrained; otherwise a function the runner calls while the device runs the forward pass,
    /// whose masks give constrained rows their grammar's tokens and the others −1.
    /// </summary>
    private (IDeviceSampling Sampler, float[] Temperatures, ulong[] Seeds, Func<TokenMasks?>? Masks)? DeviceSamplingFor(SchedulerOutput output)
    {
        if (_deviceSampler is not { } device || _sampler.NumSampleableTokens < _sampler.VocabSize)
        {
            return null;
        }

        var rows = output.Sequences.Where((_, i) => output.Chunks[i].ComputeLogits).ToList();
        if (rows.Any(s => !s.Request.SamplingParams.IsPlainOrConstrained))
        {
            return null;
        }

        var temperatures = rows.Select(s => s.Request.SamplingParams.IsGreedy ? 0f : s.Request.SamplingParams.Temperature).ToArray();
        var seeds = rows.Select(s => (ulong)s.Random.NextInt64()).ToArray();
        return (device, temperatures, seeds, rows.Any(s => s.Constraint is not null) ? () => MasksFor(rows) : null);
    }

    // The grammar masks of the constrained rows, packed one after another; null when no row is constrained. Rows are
    // independent (each sequence owns its constraint; the trie is immutable), so their vocabulary walks run in parallel.
    private TokenMasks? MasksFor(List<Sequence> rows)
    {
        var constrained = new List<TokenConstraint>();
        var rowMasks = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            rowMasks[i] = rows[i].Constraint is not null ? constrained.Count : -1;
            if (rowMasks[i] >= 0)
            {
                constrained.Add(rows[i].Constraint!);
            }
        }

        if (constrained.Count == 0)
        {
            return null;
        }

        var wordsPerRow = TokenMasks.MaskWordsFor(_sampler.VocabSize);
        var words = new uint[constrained.Count * wordsPerRow];
        if (constrained.Count == 1)
        {
            constrained[0].Mask().CopyTo(words.AsSpan(0, wordsPerRow));
        }
        else
        {
            Parallel.For(0, constrained.Count, k => constrained[k].Mask().CopyTo(words.AsSpan(k * wordsPerRow, wordsPerRow)));
        }

        return new TokenMasks(rowMasks, words, wordsPerRow);
    }

    // Fails request's unfinished sequences; no-op when it is already done (e.g. aborted while its step was in flight).
    private void Fail(EngineRequest request, string message)
    {
        if (request.IsDone)
        {
            return;
        }

        var deltas = new List<SequenceDelta>();
        foreach (var seq in request.Sequences.Where(s => !s.IsFinished))
        {
            Scheduler.Remove(seq, FinishReason.Error);
            deltas.Add(new SequenceDelta(seq.Index, string.Empty, [], null, FinishReason.Error));
        }

        _outputs.Complete(request, deltas, RequestOutcomes.Error, message);
    }
}
