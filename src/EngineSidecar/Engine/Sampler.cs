using System.Numerics.Tensors;

namespace Sluice.Engine.Engine;

/// <summary>
/// Chooses the next token from one row of logits: penalties (repetition over prompt and output, presence
/// and frequency over output), logit bias, the grammar mask of constrained decoding (forbidden tokens get −∞), then greedy argmax or temperature, top-k, min-p and top-p sampling with
/// the sequence's own generator. Log-probabilities are reported from the raw (unprocessed) logits.
/// Keeps scratch buffers; not thread-safe.
/// </summary>
/// <param name="vocabSize">Logits per row (the model's vocabulary, possibly padded).</param>
/// <param name="numSampleableTokens">Ids at or above this (padding beyond the tokenizer's vocabulary) are never sampled; null = all.</param>
public sealed class Sampler(int vocabSize, int? numSampleableTokens = null)
{
    /// <summary>Floor of reported log-probabilities, so that JSON never has to carry -Infinity.</summary>
    public const float MinLogprob = -9999f;

    private readonly float[] _work = new float[vocabSize];
    private readonly int[] _order = new int[vocabSize];
    private readonly float[] _keys = new float[vocabSize];

    public int VocabSize { get; } = vocabSize;

    /// <summary>Ids below this can be sampled (the tokenizer's vocabulary; padding rows above it never are).</summary>
    public int NumSampleableTokens { get; } = Math.Min(vocabSize, numSampleableTokens ?? vocabSize);

    /// <summary>Samples a token for <paramref name="seq"/> from <paramref name="logits"/> ([vocabSize]).</summary>
    /// <param name="maxLogprobs">Cap on the number of alternatives reported.</param>
    public int Sample(ReadOnlySpan<float> logits, Sequence seq, int maxLogprobs, out TokenLogprob? logprob)
    {
        if (logits.Length != VocabSize)
        {
            throw new ArgumentException($"expected {VocabSize} logits, got {logits.Length}", nameof(logits));
        }

        var p = seq.Request.SamplingParams;
        var work = _work.AsSpan();
        logits.CopyTo(work);
        if (numSampleableTokens is { } sampleable && sampleable < work.Length)
        {
            work[sampleable..].Fill(float.NegativeInfinity);
        }

        ApplyPenalties(work, seq, p);
        foreach (var (id, bias) in p.LogitBias ?? [])
        {
            if ((uint)id < (uint)work.Length)
            {
                work[id] += bias;
            }
        }

        seq.Constraint?.Apply(work);
        var token = p.IsGreedy ? TensorPrimitives.IndexOfMax(work) : SampleRandom(work, p, seq.Random);
        logprob = p.Logprobs is { } top ? ComputeLogprob(logits, token, Math.Min(top, maxLogprobs)) : null;
        return token;
    }

    private static void ApplyPenalties(Span<float> work, Sequence seq, SamplingParams p)
    {
        if (p.RepetitionPenalty != 1f)
        {
            foreach (var id in seq.SeenTokenIds)
            {
                if ((uint)id < (uint)work.Length)
                {
                    work[id] = work[id] > 0 ? work[id] / p.RepetitionPenalty : work[id] * p.RepetitionPenalty;
                }
            }
        }

        if (p.PresencePenalty != 0f || p.FrequencyPenalty != 0f)
        {
            foreach (var (id, count) in seq.OutputTokenCounts)
            {
                if ((uint)id < (uint)work.Length)
                {
                    work[id] -= (p.FrequencyPenalty * count) + p.PresencePenalty;
                }
            }
        }
    }

    private int SampleRandom(Span<float> work, SamplingParams p, Random random)
    {
        // Softmax of logits / temperature, in place: work becomes probabilities.
        TensorPrimitives.Multiply(work, 1f / p.Temperature, work);
        TensorPrimitives.Subtract(work, TensorPrimitives.Max(work), work); // keeps exp() finite for large logits
        TensorPrimitives.SoftMax(work, work);
        var candidates = work.Length;
        var needsOrder = (p.TopK > 0 && p.TopK < work.Length) || p.TopP < 1f;
        if (needsOrder)
        {
            candidates = SortCandidates(work, p);
            if (p.TopK > 0)
            {
                candidates = Math.Min(candidates, p.TopK);
            }
        }

        var maxProb = needsOrder ? work[_order[0]] : TensorPrimitives.Max(work);
        var minProb = p.MinP > 0f ? p.MinP * maxProb : 0f;
        var total = 0.0;
        var kept = 0;
        for (var rank = 0; rank < candidates; rank++)
        {
            var id = needsOrder ? _order[rank] : rank;
            var prob = work[id];
            if (prob < minProb)
            {
                if (needsOrder)
                {
                    break;
                }

                continue;
            }

            if (needsOrder && p.TopP < 1f && total >= p.TopP && kept > 0)
            {
                break;
            }

            total += prob;
            kept = rank + 1;
        }

        var target = random.NextDouble() * total;
        var cumulative = 0.0;
        var last = -1;
        for (var rank = 0; rank < kept; rank++)
        {
            var id = needsOrder ? _order[rank] : rank;
            if (work[id] < minProb)
            {
                continue;
            }

            cumulative += work[id];
            last = id;
            if (cumulative > target)
            {
                return id;
            }
        }

        return last >= 0 ? last : (needsOrder ? _order[0] : TensorPrimitives.IndexOfMax(work));
    }

    /// <summary>
    /// Puts token ids in descending probability into _order and returns how many are ranked. Sorting the whole
    /// vocabulary is the slow path: first only tokens with at least 1/1000 of the top probability are ranked,
    /// which is exact whenever they hold the top-p mass and at least top-k tokens (the usual case).
    /// </summary>
    private int SortCandidates(ReadOnlySpan<float> probs, SamplingParams p)
    {
        var threshold = TensorPrimitives.Max(probs) * 1e-3f;
        var count = 0;
        var mass = 0.0;
        for (var id = 0; id < probs.Length; id++)
        {
            if (probs[id] >= threshold)
            {
                _order[count] = id;
                _keys[count++] = -probs[id];
                mass += probs[id];
            }
        }

        var enoughMass = p.TopP >= 1f || mass >= p.TopP;
        var enoughTokens = p.TopK <= 0 || count >= p.TopK;
        if (!enoughMass || !enoughTokens)
        {
            count = probs.Length;
            for (var id = 0; id < probs.Length; id++)
            {
                _order[id] = id;
                _keys[id] = -probs[id];
            }
        }

        Array.Sort(_keys, _order, 0, count);
        return count;
    }

    private TokenLogprob ComputeLogprob(ReadOnlySpan<float> logits, int token, int numTop)
    {
        var max = TensorPrimitives.Max(logits);
        var sum = 0.0;
        foreach (var value in logits)
        {
            sum += Math.Exp(value - max);
        }

        var logSumExp = max + (float)Math.Log(sum);
        // The numTop largest logits via a min-heap of size numTop: O(vocab · log numTop).
        var heap = new PriorityQueue<int, float>(numTop + 1);
        for (var i = 0; i < logits.Length && numTop > 0; i++)
        {
            if (heap.Count < numTop)
            {
                heap.Enqueue(i, logits[i]);
            }
            else if (logits[i] > logits[heap.Peek()])
            {
                heap.EnqueueDequeue(i, logits[i]);
            }
        }

        var top = new List<(int TokenId, float Logprob)>(heap.Count);
        while (heap.TryDequeue(out var id, out var logit))
        {
            top.Add((id, Math.Max(MinLogprob, logit - logSumExp)));
        }

        top.Reverse();
        return new TokenLogprob(token, Math.Max(MinLogprob, logits[token] - logSumExp), top);
    }
}
