using System.Diagnostics;
using Sluice.Engine.Engine;
using Sluice.Engine.Tests.Fakes;

namespace Sluice.Engine.Tests.Engine;

public class SamplerTests
{
    private static readonly float[] Logits = [1f, 3f, 2.5f, 0.5f, 2.9f, -1f];

    [Theory]
    [InlineData(0f, -1, 1f, 0f, 1)]
    [InlineData(1f, 1, 1f, 0f, 1)]
    [InlineData(5f, -1, 0.01f, 0f, 1)]
    [InlineData(5f, -1, 1f, 0.99f, 1)]
    public void Restrictive_settings_reduce_sampling_to_the_argmax(float temperature, int topK, float topP, float minP, int expected)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            Sample(new SamplingParams(Temperature: temperature, TopK: topK, TopP: topP, MinP: minP, Seed: seed), seed).Should().Be(expected);
        }
    }

    [Theory]
    [InlineData(2, new[] { 1, 4 })]
    [InlineData(3, new[] { 1, 2, 4 })]
    public void Top_k_only_draws_from_the_k_most_likely(int topK, int[] allowed)
    {
        var drawn = Enumerable.Range(0, 300).Select(seed => Sample(new SamplingParams(Temperature: 5f, TopK: topK), seed)).ToHashSet();
        drawn.Should().BeSubsetOf(allowed);
        drawn.Should().HaveCount(allowed.Length, "high temperature spreads draws over all allowed tokens");
    }

    [Theory]
    [InlineData(0.5f, 1)]
    [InlineData(0.9f, 2)]
    public void Top_p_beyond_the_mass_of_the_likely_tokens_ranks_the_whole_vocabulary(float topP, int minDistinct)
    {
        // One token holds ~81% of the mass, 4999 others share the rest: top_p 0.9 needs many of the unlikely ones.
        var logits = new float[5000];
        logits[0] = 10f;
        var sampler = new Sampler(logits.Length);
        var p = new SamplingParams(Temperature: 1f, TopP: topP);

        var drawn = Enumerable.Range(0, 200).Select(seed => sampler.Sample(logits, Sequence(p, [], seed), 20, out _)).ToHashSet();

        drawn.Should().Contain(0);
        drawn.Count.Should().BeGreaterThanOrEqualTo(minDistinct);
        if (topP < 0.8f)
        {
            drawn.Should().Equal([0]);
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(3f)]
    public void Padding_ids_beyond_the_tokenizer_are_never_sampled(float temperature)
    {
        var sampler = new Sampler(Logits.Length, numSampleableTokens: 3);
        var p = new SamplingParams(Temperature: temperature, TopK: 4, TopP: 0.99f);

        var drawn = Enumerable.Range(0, 200).Select(seed => sampler.Sample(Logits, Sequence(p, [], seed), 20, out _)).ToHashSet();

        drawn.Should().BeSubsetOf([0, 1, 2]).And.Contain(1);
    }

    [Fact]
    public void Large_logits_at_low_temperature_still_sample_the_favourite()
    {
        float[] logits = [500f, 900f, 899.5f];
        var sampler = new Sampler(logits.Length);
        var p = new SamplingParams(Temperature: 0.05f, TopP: 0.9f);

        sampler.Sample(logits, Sequence(p, [], 1), 20, out _).Should().Be(1);
    }

    [Fact]
    public void Same_seed_gives_the_same_draws_and_other_seeds_differ()
    {
        var p = new SamplingParams(Temperature: 2f, Seed: 42);
        var first = Enumerable.Range(0, 30).Select(_ => Sample(p, 7)).ToList();
        var again = Enumerable.Range(0, 30).Select(_ => Sample(p, 7)).ToList();
        var other = Enumerable.Range(0, 30).Select(i => Sample(p, 1000 + i)).ToList();
        again.Should().Equal(first);
        other.Should().NotEqual(first);
    }

    [Theory]
    [InlineData(2f, 0f, 0f, 4)]
    [InlineData(1f, 2f, 0f, 4)]
    [InlineData(1f, 0f, 2f, 4)]
    [InlineData(1f, 0f, 0f, 1)]
    public void Penalties_push_a_repeated_token_below_the_runner_up(float repetition, float presence, float frequency, int expected)
    {
        var p = new SamplingParams(Temperature: 0f, RepetitionPenalty: repetition, PresencePenalty: presence, FrequencyPenalty: frequency);
        Sample(p, 0, generated: [1]).Should().Be(expected);
    }

    [Fact]
    public void Logprobs_are_log_softmax_of_the_raw_logits_with_the_top_alternatives()
    {
        var p = new SamplingParams(Temperature: 0f, Logprobs: 2);
        var sampler = new Sampler(Logits.Length);
        sampler.Sample(Logits, Sequence(p, []), maxLogprobs: 20, out var logprob);
        var logSumExp = Math.Log(Logits.Sum(l => Math.Exp(l)));
        logprob!.TokenId.Should().Be(1);
        logprob.Logprob.Should().BeApproximately((float)(3 - logSumExp), 1e-5f);
        logprob.Top.Select(t => t.TokenId).Should().Equal(1, 4);
    }

    private static int Sample(SamplingParams p, int seed, int[]? generated = null)
    {
        var sampler = new Sampler(Logits.Length);
        var seq = Sequence(p, generated ?? [], seed);
        return sampler.Sample(Logits, seq, 20, out _);
    }

    private static Sequence Sequence(SamplingParams p, int[] generated, int seed = 0)
    {
        var request = new EngineRequest("r", [0], p, 1, Stopwatch.GetTimestamp());
        var tokenizer = new ByteTokenizer();
        var seq = new Sequence(0, request, 0, new Random(seed), new StopStringChecker(null), new IncrementalDetokenizer(tokenizer, 1));
        foreach (var token in generated)
        {
            seq.AppendToken(token);
        }

        return seq;
    }
}
