using System.Text.Json.Serialization;

namespace Sluice.Engine.Tests.Model;

/// <summary>One prompt of a golden.json: ids, transformers' last-position logits and greedy continuation.</summary>
public sealed record GoldenCase(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("input_ids")] int[] InputIds,
    [property: JsonPropertyName("last_logits")] float[] LastLogits,
    [property: JsonPropertyName("greedy_ids")] int[] GreedyIds);
