using System.Diagnostics;
using Sluice.Engine.Compute;
using Sluice.Engine.Model;

namespace Sluice.Engine.Engine;

/// <summary>
/// The engine core: <see cref="Step"/> = Schedule → Run → Postprocess. The <see cref="SchedulerOutput"/>
/// is the one message to the model runner. Not thread-safe: <see cref="EngineLoop"/> drives it from one thread.
/// </summary>
public sealed class InferenceEngine
{
    private readonly IModelRunner _runner;
    private readonly ITokenizer _tokenizer;
    private readonly LiveConfig _config;
    private readonly EngineMetrics _metrics;
    private readonly Sampler _sampler;
    private readonly HashSet<int> _eosTokenIds;
    private readonly int _maxLogprobs;
    private readonly Dictionary<string, EngineRequest> _requests = [];
    private long _nextSequenceId;

    /// <param name="maxModelTokens">Longest sequence (prompt + output); generation stops with "length" there.</param>
    /// <param name="maxLogprobs">Cap on top alternatives reported per token.</param>
    public InferenceEngine(IModelRunner runner, ITokenizer tokenizer, BlockManager blocks, LiveConfig config, EngineMetrics metrics, int maxModelTokens, int maxLogprobs)
    {
        _runner = runner;
        _tokenizer = tokenizer;
        _config = config;
        _metrics = metrics;
        _maxLogprobs = maxLogprobs;
        MaxModelTokens = maxModelTokens;
        _sampler = new Sampler(runner.Info.VocabSize, Math.Min(runner.Info.VocabSize, tokenizer.VocabSize));
        _eosTokenIds = [.. tokenizer.EosTokenIds];
        var current = config.Current;
        Scheduler = new Scheduler(blocks, new SchedulerLimits(current.MaxBatchSize, current.MaxBatchedTokens));
    }

    public Scheduler Scheduler { get; }

    public BlockManager Blocks => Scheduler.Blocks;

    public int MaxModelTokens { get; }

    /// <summary>Sequences computed in the latest step.</summary>
    public int LastBatchSize { get; private set; }

    public bool HasWork => Scheduler.HasWork;

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
                new IncrementalDetokenizer(_tokenizer, request.PromptTokenIds.Length));
            request.Sequences.Add(seq);
            Scheduler.Add(seq);
        }

        _metrics.PromptTokens.Add(request.PromptTokenIds.Length);
    }

    /// <summary>Stops <paramref name="request"/> (client gone); frees its blocks now. No-op when already done.</summary>
    public void Abort(EngineRequest request)
    {
        if (request.IsDone)
        {
            return;
        }

        var deltas = new List<SequenceDelta>();
        foreach (var seq in request.Sequences.Where(s => !s.IsFinished))
        {
            Scheduler.Remove(seq, FinishReason.Abort);
            deltas.Add(new SequenceDelta(seq.Index, string.Empty, [], null, FinishReason.Abort));
        }

        Complete(request, deltas, RequestOutcome.Aborted, error: null);
    }

    /// <summary>Fails every unfinished request with <paramref name="message"/> (runner failure or shutdown).</summary>
    public void FailAll(string message)
    {
        foreach (var request in _requests.Values.ToList())
        {
            Fail(request, message);
        }
    }

    /// <summary>One iteration: schedule, run the model on the chunks, sample and emit. Returns false when there was nothing to compute.</summary>
    public bool Step()
    {
        var config = _config.Current;
        Scheduler.Limits = new SchedulerLimits(config.MaxBatchSize, config.MaxBatchedTokens);
        var output = Scheduler.Schedule();
        if (output.Preempted.Count > 0)
        {
            _metrics.Preemptions.Add(output.Preempted.Count);
        }

        LastBatchSize = output.Chunks.Count;
        if (output.IsEmpty)
        {
            return false;
        }

        float[]? logits = null;
        int[]? tokens = null;
        try
        {
            if (DeviceSamplingFor(output) is { } device)
            {
                tokens = device.Sampler.ForwardSample(output.Chunks, device.Temperatures, device.Seeds);
            }
            else
            {
                logits = _runner.Forward(output.Chunks);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            foreach (var request in output.Sequences.Select(s => s.Request).Distinct().ToList())
            {
                Fail(request, "the model runner failed: " + ex.Message);
            }

            return true;
        }

        Postprocess(output, logits, tokens);
        return true;
    }

    /// <summary>
    /// The device sampler and its per-row inputs when the runner has one and every row of the step samples
    /// plainly over the whole vocabulary; null otherwise (the host <see cref="Sampler"/> then picks from logits).
    /// Seeds come from each sequence's generator, so seeded requests stay reproducible.
    /// </summary>
    private (IDeviceSampling Sampler, float[] Temperatures, ulong[] Seeds)? DeviceSamplingFor(SchedulerOutput output)
    {
        if (_runner is not IDeviceSampling device || _sampler.NumSampleableTokens < _sampler.VocabSize)
        {
            return null;
        }

        var rows = output.Sequences.Where((_, i) => output.Chunks[i].ComputeLogits).ToList();
        if (rows.Any(s => !s.Request.SamplingParams.IsPlain))
        {
            return null;
        }

        var temperatures = rows.Select(s => s.Request.SamplingParams.IsGreedy ? 0f : s.Request.SamplingParams.Temperature).ToArray();
        var seeds = rows.Select(s => (ulong)s.Random.NextInt64()).ToArray();
        return (device, temperatures, seeds);
    }

    /// <summary>Applies one step's results: <paramref name="logits"/> ([rows, vocab]) for the host sampler, or <paramref name="tokens"/> chosen on the device.</summary>
    private void Postprocess(SchedulerOutput output, float[]? logits, int[]? tokens)
    {
        var now = Stopwatch.GetTimestamp();
        var vocabSize = _sampler.VocabSize;
        var expectedRows = output.Chunks.Count(c => c.ComputeLogits);
        if ((tokens?.Length ?? (logits!.Length / vocabSize)) != expectedRows || (logits is not null && logits.Length % vocabSize != 0))
        {
            throw new InvalidOperationException($"runner returned {tokens?.Length ?? logits!.Length} values, expected {expectedRows} rows of {(tokens is null ? vocabSize : 1)}");
        }

        var deltasByRequest = new Dictionary<EngineRequest, List<SequenceDelta>>();
        var row = 0;
        for (var i = 0; i < output.Chunks.Count; i++)
        {
            var chunk = output.Chunks[i];
            var seq = output.Sequences[i];
            var request = seq.Request;
            if (request.FirstScheduledTimestamp is null)
            {
                request.FirstScheduledTimestamp = now;
                _metrics.RequestQueueTimeSeconds.Record(Stopwatch.GetElapsedTime(request.ArrivalTimestamp, now).TotalSeconds);
            }

            seq.NumComputedTokens += chunk.TokenIds.Length;
            Blocks.MarkComputed(seq);
            if (!chunk.ComputeLogits)
            {
                continue;
            }

            TokenLogprob? logprob = null;
            var token = tokens is not null ? tokens[row] : _sampler.Sample(logits.AsSpan(row * vocabSize, vocabSize), seq, _maxLogprobs, out logprob);
            row++;
            var delta = AppendAndCheck(seq, token, logprob, now);
            if (!deltasByRequest.TryGetValue(request, out var deltas))
            {
                deltasByRequest[request] = deltas = [];
            }

            deltas.Add(delta);
            if (delta.FinishReason is { } reason)
            {
                Scheduler.Remove(seq, reason);
            }
        }

        foreach (var (request, deltas) in deltasByRequest)
        {
            if (request.Sequences.All(s => s.IsFinished))
            {
                RecordFinished(request, now);
                Complete(request, deltas, RequestOutcome.Finished, error: null);
            }
            else
            {
                request.OutputWriter.TryWrite(new RequestOutput(deltas, false, request.PromptTokenIds.Length, CompletionTokens(request)));
            }
        }
    }

    private SequenceDelta AppendAndCheck(Sequence seq, int token, TokenLogprob? logprob, long now)
    {
        var p = seq.Request.SamplingParams;
        seq.AppendToken(token);
        _metrics.GenerationTokens.Add(1);
        if (seq.LastTokenTimestamp is { } previous)
        {
            _metrics.InterTokenLatencySeconds.Record(Stopwatch.GetElapsedTime(previous, now).TotalSeconds);
        }

        seq.LastTokenTimestamp = now;
        if (seq.Request.FirstTokenTimestamp is null)
        {
            seq.Request.FirstTokenTimestamp = now;
            _metrics.TimeToFirstTokenSeconds.Record(Stopwatch.GetElapsedTime(seq.Request.ArrivalTimestamp, now).TotalSeconds);
        }

        FinishReason? finish = null;
        string text;
        var isStopToken = (!p.IgnoreEos && _eosTokenIds.Contains(token)) || (p.StopTokenIds?.Contains(token) ?? false);
        if (isStopToken)
        {
            finish = FinishReason.Stop;
            text = seq.StopChecker.Append(seq.Detokenizer.Flush(seq.TokenIds.Take(seq.NumTokens - 1).ToList())) + seq.StopChecker.Flush();
        }
        else
        {
            text = seq.StopChecker.Append(seq.Detokenizer.Next(seq.TokenIds));
            if (seq.StopChecker.Stopped)
            {
                finish = FinishReason.Stop;
            }
            else if (seq.NumOutputTokens >= p.MaxTokens || seq.NumTokens >= MaxModelTokens)
            {
                finish = FinishReason.Length;
                text += seq.StopChecker.Append(seq.Detokenizer.Flush(seq.TokenIds));
                finish = seq.StopChecker.Stopped ? FinishReason.Stop : finish;
                text += seq.StopChecker.Flush();
            }
        }

        IReadOnlyList<TokenLogprob>? logprobs = logprob is null ? null : [logprob];
        return new SequenceDelta(seq.Index, text, [token], logprobs, finish);
    }

    private void RecordFinished(EngineRequest request, long now)
    {
        var e2eSeconds = Stopwatch.GetElapsedTime(request.ArrivalTimestamp, now).TotalSeconds;
        _metrics.E2eRequestLatencySeconds.Record(e2eSeconds);
        var outputTokens = request.Sequences.Max(s => s.NumOutputTokens);
        if (outputTokens > 1 && request.FirstTokenTimestamp is { } first)
        {
            var ttftSeconds = Stopwatch.GetElapsedTime(request.ArrivalTimestamp, first).TotalSeconds;
            _metrics.TimePerOutputTokenSeconds.Record((e2eSeconds - ttftSeconds) / (outputTokens - 1));
        }
    }

    private void Fail(EngineRequest request, string message)
    {
        var deltas = new List<SequenceDelta>();
        foreach (var seq in request.Sequences.Where(s => !s.IsFinished))
        {
            Scheduler.Remove(seq, FinishReason.Error);
            deltas.Add(new SequenceDelta(seq.Index, string.Empty, [], null, FinishReason.Error));
        }

        Complete(request, deltas, RequestOutcome.Error, message);
    }

    private void Complete(EngineRequest request, List<SequenceDelta> deltas, string outcome, string? error)
    {
        request.IsDone = true;
        _requests.Remove(request.RequestId);
        _metrics.CountRequest(outcome);
        request.OutputWriter.TryWrite(new RequestOutput(deltas, true, request.PromptTokenIds.Length, CompletionTokens(request), error));
        request.OutputWriter.TryComplete();
    }

    private static int CompletionTokens(EngineRequest request) => request.Sequences.Sum(s => s.NumOutputTokens);
}
