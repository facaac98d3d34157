using System.Diagnostics;
using Sluice.Engine.Grammar;
using Sluice.Engine.Model;

namespace Sluice.Engine.Cli.Bench;

/// <summary>
/// The host side of constrained decoding alone, without a model: random walks through a grammar over a vocabulary,
/// timing each step's mask and advance, with the mask cache the engine uses and without it. What it measures is
/// the time a decode step waits for its masks (the engine computes one mask per constrained row, rows in parallel).
/// </summary>
public static class MaskStepBench
{
    /// <summary>Mean milliseconds per step over <paramref name="steps"/> steps of walks (a new walk when one completes), and the cache's hit share.</summary>
    public static (double MillisecondsPerStep, double HitFraction) Run(GrammarNode grammar, ITokenizer tokenizer, int steps, bool cached, int seed)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var trie = new VocabTrie(tokenizer, tokenizer.VocabSize);
        var cache = cached ? TokenMaskCache.ForBytes(64L << 20, TokenConstraint.MaskWords(tokenizer.VocabSize)) : null;
        var random = new Random(seed);
        var allowed = new List<int>();
        TokenConstraint? constraint = null;
        var clock = new Stopwatch();
        for (var step = 0; step < steps; step++)
        {
            constraint ??= new TokenConstraint(grammar, trie, tokenizer.EosTokenIds, tokenizer.VocabSize, cache);
            clock.Start();
            var mask = constraint.Mask();
            clock.Stop();
            allowed.Clear();
            for (var id = 0; id < tokenizer.VocabSize; id++)
            {
                if ((mask[id >> 5] & (1u << (id & 31))) != 0)
                {
                    allowed.Add(id);
                }
            }

            var token = allowed[random.Next(allowed.Count)];
            if (tokenizer.EosTokenIds.Contains(token))
            {
                constraint = null;
                continue;
            }

            clock.Start();
            var accepted = constraint.Advance(token);
            clock.Stop();
            if (!accepted)
            {
                throw new InvalidOperationException($"the grammar rejected token {token}, which its own mask allowed");
            }
        }

        var lookups = cache is null ? 0 : cache.Hits + cache.Misses;
        return (clock.Elapsed.TotalMilliseconds / steps, lookups == 0 ? 0 : (double)cache!.Hits / lookups);
    }
}
