namespace Sluice.Engine.Engine;

/// <summary>The log-probability of one generated token and of the most likely alternatives at its position.</summary>
/// <param name="TokenId">The sampled token.</param>
/// <param name="Logprob">Natural log of its probability under the model's raw distribution.</param>
/// <param name="Top">The most likely tokens at this position with their log-probabilities, most likely first.</param>
public sealed record TokenLogprob(int TokenId, float Logprob, IReadOnlyList<(int TokenId, float Logprob)> Top);
