using System.Diagnostics;
using Sluice.Contracts.Metrics;

namespace Sluice.Engine.Engine;

/// <summary>
/// Turns a step's results into request progress in two phases, so that the text work can run while the device
/// computes the next step. <see cref="Apply"/> is the cheap part that must precede the next schedule: it advances
/// NumComputedTokens, registers full blocks, picks or takes each row's token, appends it, records token timing and
/// ends sequences on EOS, stop token ids, max_tokens or the model length. <see cref="EmitText"/> is the rest:
/// incremental detokenization, stop strings (which end more sequences), and one <see cref="RequestOutput"/> per request.
/// Rows of sequences that ended after their step was scheduled (abort, stop string) are skipped. A finished request is judged
/// against the SLO limits of the <paramref name="config"/> in force at its end (sluice_requests_within_slo_total).
/// Not thread-safe: driven by the engine thread.
/// </summary>
internal sealed class StepOutputProcessor(
    Scheduler scheduler,
    Sampler sampler,
    EngineMetrics metrics,
    IReadOnlySet<int> eosTokenIds,
    int maxModelTokens,
    int maxLogprobs,
    Dictionary<string, EngineRequest> requests,
    LiveConfig config)
{
    /// <summary>
    /// Applies one step's results: <paramref name="logits"/> ([rows, vocab]) for the host sampler, or
    /// <paramref name="tokens"/> ([rows]) chosen on the device; rows are the chunks with ComputeLogits, in chunk order.
    /// </summary>
    public AppliedStep Apply(SchedulerOutput output, int[]? tokens, float[]? logits)
    {
        var now = Stopwatch.GetTimestamp();
        var vocabSize = sampler.VocabSize;
        var expectedRows = output.Chunks.Count(c => c.ComputeLogits);
        if (tokens is null && logits is null)
        {
            throw new ArgumentException("a step result needs tokens or logits");
        }

        if ((tokens?.Length ?? (logits!.Length / vocabSize)) != expectedRows || (logits is not null && logits.Length % vocabSize != 0))
        {
            throw new InvalidOperationException($"runner returned {tokens?.Length ?? logits!.Length} values, expected {expectedRows} rows of {(tokens is null ? vocabSize : 1)}");
        }

        var sampled = new List<SampledToken>(expectedRows);
        var row = 0;
        for (var i = 0; i < output.Chunks.Count; i++)
        {
            var chunk = output.Chunks[i];
            var seq = output.Sequences[i];
            var rowIndex = chunk.ComputeLogits ? row++ : -1;
            if (seq.IsFinished)
            {
                continue;
            }

            var request = seq.Request;
            if (request.FirstScheduledTimestamp is null)
            {
                request.FirstScheduledTimestamp = now;
                metrics.RequestQueueTimeSeconds.Observe(Stopwatch.GetElapsedTime(request.ArrivalTimestamp, now).TotalSeconds);
            }

            seq.NumComputedTokens += chunk.TokenIds.Length;
            scheduler.Blocks.MarkComputed(seq);
            if (rowIndex < 0)
            {
                continue;
            }

            TokenLogprob? logprob = null;
            var token = tokens is not null ? tokens[rowIndex] : sampler.Sample(logits.AsSpan(rowIndex * vocabSize, vocabSize), seq, maxLogprobs, out logprob);
            var finish = Append(seq, token, now);
            if (finish is { } reason)
            {
                scheduler.Remove(seq, reason);
            }

            sampled.Add(new SampledToken(seq, token, logprob, finish));
        }

        return new AppliedStep(sampled, now);
    }

    /// <summary>Emits the text of <paramref name="step"/>'s tokens; ends sequences whose stop string appeared; finishes done requests.</summary>
    public void EmitText(AppliedStep step)
    {
        var deltasByRequest = new Dictionary<EngineRequest, List<SequenceDelta>>();
        foreach (var item in step.Tokens)
        {
            var seq = item.Sequence;
            var (text, finish) = Text(seq, item.Finish);
            if (finish is { } reason)
            {
                if (item.Finish is null)
                {
                    scheduler.Remove(seq, reason);
                }

                seq.FinishReason = reason;
            }

            if (!deltasByRequest.TryGetValue(seq.Request, out var deltas))
            {
                deltasByRequest[seq.Request] = deltas = [];
            }

            IReadOnlyList<TokenLogprob>? logprobs = item.Logprob is { } logprob ? [logprob] : null;
            deltas.Add(new SequenceDelta(seq.Index, text, [item.TokenId], logprobs, finish));
        }

        foreach (var (request, deltas) in deltasByRequest)
        {
            if (request.Sequences.All(s => s.IsFinished))
            {
                RecordFinished(request, step.Timestamp);
                Complete(request, deltas, RequestOutcomes.Finished, error: null);
            }
            else
            {
                request.OutputWriter.TryWrite(new RequestOutput(deltas, false, request.PromptTokenIds.Length, CompletionTokens(request)));
            }
        }
    }

    /// <summary>Writes the final message of <paramref name="request"/>, completes its channel and forgets it.</summary>
    public void Complete(EngineRequest request, List<SequenceDelta> deltas, string outcome, string? error, bool queueTimedOut = false)
    {
        request.IsDone = true;
        requests.Remove(request.RequestId);
        metrics.CountRequest(outcome);
        request.OutputWriter.TryWrite(new RequestOutput(deltas, true, request.PromptTokenIds.Length, CompletionTokens(request), error, queueTimedOut));
        request.OutputWriter.TryComplete();
    }

    // Appends the token, records its timing; returns the finish reason known without text, if any.
    private FinishReason? Append(Sequence seq, int token, long now)
    {
        var p = seq.Request.SamplingParams;
        seq.AppendToken(token);
        seq.Constraint?.Advance(token);
        metrics.GenerationTokens.Inc(1);
        if (seq.LastTokenTimestamp is { } previous)
        {
            metrics.InterTokenLatencySeconds.Observe(Stopwatch.GetElapsedTime(previous, now).TotalSeconds);
        }

        seq.LastTokenTimestamp = now;
        if (seq.Request.FirstTokenTimestamp is null)
        {
            seq.Request.FirstTokenTimestamp = now;
            metrics.TimeToFirstTokenSeconds.Observe(Stopwatch.GetElapsedTime(seq.Request.ArrivalTimestamp, now).TotalSeconds);
        }

        if ((!p.IgnoreEos && eosTokenIds.Contains(token)) || (p.StopTokenIds?.Contains(token) ?? false))
        {
            return FinishReason.Stop;
        }

        return seq.NumOutputTokens >= p.MaxTokens || seq.NumTokens >= maxModelTokens ? FinishReason.Length : null;
    }

    // The text the newest token releases and the sequence's final finish reason (null while it goes on).
    // knownFinish is what Append decided: Stop there means the token is EOS or a stop token id, whose text is not emitted.
    private static (string Text, FinishReason? Finish) Text(Sequence seq, FinishReason? knownFinish)
    {
        if (knownFinish == FinishReason.Stop)
        {
            var text = seq.StopChecker.Append(seq.Detokenizer.Flush(seq.TokenIds.Take(seq.NumTokens - 1).ToList())) + seq.StopChecker.Flush();
            return (text, FinishReason.Stop);
        }

        var released = seq.StopChecker.Append(seq.Detokenizer.Next(seq.TokenIds));
        if (seq.StopChecker.Stopped)
        {
            return (released, FinishReason.Stop);
        }

        if (knownFinish is null)
        {
            return (released, null);
        }

        released += seq.StopChecker.Append(seq.Detokenizer.Flush(seq.TokenIds));
        var finish = seq.StopChecker.Stopped ? FinishReason.Stop : knownFinish;
        return (released + seq.StopChecker.Flush(), finish);
    }

    private void RecordFinished(EngineRequest request, long now)
    {
        var e2eSeconds = Stopwatch.GetElapsedTime(request.ArrivalTimestamp, now).TotalSeconds;
        metrics.E2eRequestLatencySeconds.Observe(e2eSeconds);
        var outputTokens = request.Sequences.Max(s => s.NumOutputTokens);
        if (request.FirstTokenTimestamp is not { } first)
        {
            return;
        }

        var ttftSeconds = Stopwatch.GetElapsedTime(request.ArrivalTimestamp, first).TotalSeconds;
        double? tpotSeconds = outputTokens > 1 ? (e2eSeconds - ttftSeconds) / (outputTokens - 1) : null;
        if (tpotSeconds is { } tpot)
        {
            metrics.TimePerOutputTokenSeconds.Observe(tpot);
        }

        var limits = config.Current;
        if (limits.JudgesSlo)
        {
            metrics.RequestsSloJudged.Inc(1);
            if (limits.MeetsSlo(ttftSeconds, tpotSeconds))
            {
                metrics.RequestsWithinSlo.Inc(1);
            }
        }
    }

    private static int CompletionTokens(EngineRequest request) => request.Sequences.Sum(s => s.NumOutputTokens);
}
